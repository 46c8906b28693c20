import { notFound, offsetOf, type Page, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

/** One in-app notification of one user. */
export interface Notification {
  id: string;
  userId: string;
  title: string;
  body: string;
  eventType: string | null;
  vehicleId: string | null;
  occurredAt: string;
  createdAt: string;
  readAt: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a postgres.js row
const toNotification = (r: any): Notification => ({
  id: r.id,
  userId: r.user_id,
  title: r.title,
  body: r.body,
  eventType: r.event_type,
  vehicleId: r.vehicle_id === null ? null : String(r.vehicle_id),
  occurredAt: new Date(r.occurred_at).toISOString(),
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

/** The notification centre: each user reads and marks only their own notifications. */
export class NotificationsService {
  constructor(private readonly sql: Sql) {}

  async list(
    userId: string,
    page: PageRequest,
    unreadOnly = false,
  ): Promise<Page<Notification> & { unread: number }> {
    const rows = await this.sql`
      SELECT *, count(*) OVER ()::int AS total FROM notifications
      WHERE user_id = ${userId} ${unreadOnly ? this.sql`AND read_at IS NULL` : this.sql``}
      ORDER BY created_at DESC, id DESC LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    return {
      items: rows.map(toNotification),
      total: rows[0]?.total ?? (await this.count(userId, unreadOnly)),
      page: page.page,
      pageSize: page.pageSize,
      unread: await this.unread(userId),
    };
  }

  async unread(userId: string): Promise<number> {
    return this.count(userId, true);
  }

  /** Marks one notification read (idempotent); someone else's is not found. */
  async markRead(userId: string, id: string): Promise<Notification> {
    const [row] = await this.sql`
      UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = ${id} AND user_id = ${userId} RETURNING *`;
    if (!row) throw notFound('The notification');
    return toNotification(row);
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await this.sql`
      UPDATE notifications SET read_at = now() WHERE user_id = ${userId} AND read_at IS NULL RETURNING id`;
    return rows.length;
  }

  private async count(userId: string, unreadOnly: boolean): Promise<number> {
    const [row] = await this.sql`
      SELECT count(*)::int AS n FROM notifications
      WHERE user_id = ${userId} ${unreadOnly ? this.sql`AND read_at IS NULL` : this.sql``}`;
    return row.n;
  }
}
