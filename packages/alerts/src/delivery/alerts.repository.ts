import type { Queryable } from '@pioneira/core';
import type { AlertEvent } from '../events';
import type { AlertRule } from '../rules/rule';
import { type Recipient, stormKey } from './plan';

/**
 * Records the alert of one rule for one event, with its deliveries, unless the rule already alerted on
 * that event (a replay) or its anti-storm window holds it back. Returns whether an alert was created.
 */
export async function recordAlert(
  tx: Queryable,
  rule: AlertRule,
  event: AlertEvent,
  recipients: Recipient[],
): Promise<boolean> {
  const [seen] = await tx`SELECT 1 FROM alerts WHERE rule_id = ${rule.id} AND event_key = ${event.key}`;
  if (seen) return false;
  let suppressed = 0;
  if (rule.throttleMinutes > 0) {
    const key = stormKey(event);
    const windowMs = rule.throttleMinutes * 60_000;
    const at = new Date(event.occurredAt);
    // Locked per rule and key; callers take the locks in one order (see the consumer).
    await tx`
      INSERT INTO alert_throttle (rule_id, vehicle_key, last_alert_at)
      VALUES (${rule.id}, ${key}, ${new Date(at.getTime() - windowMs - 1000)}) ON CONFLICT DO NOTHING`;
    const [w] = await tx`
      SELECT last_alert_at, suppressed FROM alert_throttle
      WHERE rule_id = ${rule.id} AND vehicle_key = ${key} FOR UPDATE`;
    if (Math.abs(at.getTime() - new Date(w.last_alert_at).getTime()) < windowMs) {
      await tx`UPDATE alert_throttle SET suppressed = suppressed + 1 WHERE rule_id = ${rule.id} AND vehicle_key = ${key}`;
      return false;
    }
    suppressed = w.suppressed;
    await tx`UPDATE alert_throttle SET last_alert_at = ${at}, suppressed = 0
      WHERE rule_id = ${rule.id} AND vehicle_key = ${key}`;
  }
  const [alert] = await tx`
    INSERT INTO alerts (rule_id, event_key, event_type, vehicle_id, occurred_at, suppressed, event)
    VALUES (${rule.id}, ${event.key}, ${event.type}, ${event.vehicleId}, ${event.occurredAt},
      ${rule.digest ? suppressed : 0}, ${JSON.stringify(event)}::text::jsonb)
    ON CONFLICT (rule_id, event_key) DO NOTHING RETURNING id`;
  if (!alert || recipients.length === 0) return Boolean(alert);
  await tx`
    INSERT INTO alert_deliveries (alert_id, event_key, channel, recipient)
    SELECT ${alert.id}, ${event.key}, u.channel, u.recipient
    FROM unnest(${recipients.map((r) => r.channel)}::text[], ${recipients.map((r) => r.recipient)}::text[])
      AS u(channel, recipient)
    ON CONFLICT (event_key, channel, recipient) DO NOTHING`;
  return true;
}

/** Deliveries of these events still to send (to queue again after a crash: the job id dedupes). */
export async function pendingDeliveries(sql: Queryable, eventKeys: string[]): Promise<string[]> {
  if (eventKeys.length === 0) return [];
  const rows = await sql`
    SELECT id FROM alert_deliveries WHERE event_key = ANY(${eventKeys}::text[]) AND status IN ('pending', 'failed')`;
  return rows.map((r) => r.id as string);
}
