import { offsetOf, type Page, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

/** One line of the delivery log. */
export interface DeliveryLogEntry {
  id: string;
  alertId: string;
  ruleId: string;
  ruleName: string;
  eventKey: string;
  eventType: string | null;
  vehicleId: string | null;
  occurredAt: string;
  channel: 'in_app' | 'email' | 'webhook';
  recipient: string;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  lastResponseCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface DeliveryFilter {
  status?: DeliveryLogEntry['status'];
  channel?: DeliveryLogEntry['channel'];
  ruleId?: string;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** The delivery log, newest first, and what the worker sweeps for lost jobs. */
export class DeliveriesService {
  constructor(private readonly sql: Sql) {}

  async list(filter: DeliveryFilter, page: PageRequest): Promise<Page<DeliveryLogEntry>> {
    const sql = this.sql;
    const rows = await sql`
      SELECT d.*, a.rule_id, r.name AS rule_name, a.event_type, a.vehicle_id, a.occurred_at,
        count(*) OVER ()::int AS total
      FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id JOIN alert_rules r ON r.id = a.rule_id
      WHERE true
        ${filter.status ? sql`AND d.status = ${filter.status}` : sql``}
        ${filter.channel ? sql`AND d.channel = ${filter.channel}` : sql``}
        ${filter.ruleId ? sql`AND a.rule_id = ${filter.ruleId}` : sql``}
      ORDER BY d.created_at DESC, d.id DESC LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    return {
      items: rows.map((r) => ({
        id: r.id,
        alertId: r.alert_id,
        ruleId: r.rule_id,
        ruleName: r.rule_name,
        eventKey: r.event_key,
        eventType: r.event_type,
        vehicleId: r.vehicle_id === null ? null : String(r.vehicle_id),
        occurredAt: new Date(r.occurred_at).toISOString(),
        channel: r.channel,
        recipient: r.recipient,
        status: r.status,
        attempts: r.attempts,
        lastResponseCode: r.last_response_code,
        lastError: r.last_error,
        lastAttemptAt: iso(r.last_attempt_at),
        sentAt: iso(r.sent_at),
        createdAt: new Date(r.created_at).toISOString(),
      })),
      total: rows[0]?.total ?? 0,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /** Deliveries still unsent after `olderThanMs`: queued again (the job id makes that harmless). */
  async stale(olderThanMs: number, limit = 500): Promise<string[]> {
    const rows = await this.sql`
      SELECT id FROM alert_deliveries
      WHERE status IN ('pending', 'failed') AND created_at < now() - ${olderThanMs / 1000} * interval '1 second'
      ORDER BY created_at LIMIT ${limit}`;
    return rows.map((r) => r.id as string);
  }
}
