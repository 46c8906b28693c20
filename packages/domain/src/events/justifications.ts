import { badRequest, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

/** An event's justification as the driver record shows it. */
export interface Justification {
  text: string;
  justifiedAt: Date;
  justifiedBy: string | null;
}

/** One change of an event's justification (text null = withdrawn). */
export interface JustificationChange {
  text: string | null;
  justifiedAt: Date;
  justifiedBy: string | null;
}

export const JUSTIFICATION_MAX_LENGTH = 2000;

/**
 * Justifications of telemetry events (CTB art. 67-C §2): a manager explains an event without deleting
 * it. Every change is kept (append-only); the newest row is the event's justification.
 */
export class JustificationsService {
  constructor(private readonly sql: Sql) {}

  private async assertEvent(eventId: string): Promise<void> {
    const [event] = await this.sql`SELECT 1 FROM telemetry_events WHERE id = ${eventId}::int8`;
    if (!event) throw notFound(`Event ${eventId}`);
  }

  /** Attaches (or replaces) the justification of an event. */
  async justify(eventId: string, text: string, userId: string): Promise<Justification> {
    const clean = text.trim();
    if (clean.length === 0) throw badRequest('validation_failed', 'The justification is empty.');
    if (clean.length > JUSTIFICATION_MAX_LENGTH)
      throw badRequest(
        'validation_failed',
        `The justification is longer than ${JUSTIFICATION_MAX_LENGTH} characters.`,
      );
    if (clean.includes('\u0000'))
      throw badRequest('validation_failed', 'The justification contains a NUL character.');
    await this.assertEvent(eventId);
    const [row] = await this.sql<{ justified_at: Date; name: string | null }[]>`
      WITH added AS (
        INSERT INTO event_justifications (event_id, text, justified_by)
        VALUES (${eventId}::int8, ${clean}, ${userId}) RETURNING justified_at, justified_by)
      SELECT a.justified_at, u.name FROM added a LEFT JOIN users u ON u.id = a.justified_by`;
    return { text: clean, justifiedAt: row.justified_at, justifiedBy: row.name };
  }

  /** Withdraws an event's justification (the event and the history stay). */
  async withdraw(eventId: string, userId: string): Promise<void> {
    // The event's row is locked while its justification is read and withdrawn: two withdrawals at
    // once add one row, the other finds nothing left.
    const withdrawn = await this.sql.begin(async (tx) => {
      const [event] = await tx`SELECT 1 FROM telemetry_events WHERE id = ${eventId}::int8 FOR UPDATE`;
      if (!event) throw notFound(`Event ${eventId}`);
      return tx`
        INSERT INTO event_justifications (event_id, text, justified_by)
        SELECT ${eventId}::int8, NULL, ${userId}
         WHERE (SELECT text FROM event_justifications WHERE event_id = ${eventId}::int8 ORDER BY id DESC LIMIT 1)
               IS NOT NULL
        RETURNING id`;
    });
    if (withdrawn.length === 0) throw notFound(`Justification of event ${eventId}`);
  }

  /** Every change of an event's justification, newest first. */
  async history(eventId: string): Promise<JustificationChange[]> {
    await this.assertEvent(eventId);
    const rows = await this.sql<{ text: string | null; justified_at: Date; name: string | null }[]>`
      SELECT j.text, j.justified_at, u.name
        FROM event_justifications j LEFT JOIN users u ON u.id = j.justified_by
       WHERE j.event_id = ${eventId}::int8 ORDER BY j.id DESC`;
    return rows.map((r) => ({ text: r.text, justifiedAt: r.justified_at, justifiedBy: r.name }));
  }
}
