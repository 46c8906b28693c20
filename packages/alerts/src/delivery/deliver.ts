import type { Sql } from '@pioneira/db';
import type { WebhookEndpointsService } from '../endpoints/endpoints.service';
import { type AlertEvent, geofenceOf } from '../events';
import type { Notification } from '../notifications/notifications.service';
import { signWebhook, WEBHOOK_HEADERS } from './signature';
import { alertText, emailText, type Locale } from './templates';
import { webhookBody } from './webhook-body';

/** An e-mail sender (the platform's SMTP mailer); `messageId` lets clients drop a resend. */
export interface AlertMailer {
  readonly enabled: boolean;
  send(mail: { to: string; subject: string; text: string; messageId?: string }): Promise<void>;
}

export interface DeliverDeps {
  sql: Sql;
  endpoints: WebhookEndpointsService;
  mailer: AlertMailer;
  /** Zone and language of readers who set none. */
  timeZone: string;
  /** Pushes a new in-app notification to its user's open pages (best effort: the list is the truth). */
  publish(notification: Notification): Promise<void>;
  webhookTimeoutMs?: number;
}

/** The outcome of one try: thrown as DeliveryFailed when it must be tried again. */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

interface Loaded {
  id: string;
  channel: 'in_app' | 'email' | 'webhook';
  recipient: string;
  status: string;
  createdAt: string;
  alertId: string;
  ruleId: string;
  ruleName: string;
  suppressed: number;
  event: AlertEvent;
}

async function load(sql: Sql, id: string): Promise<Loaded | undefined> {
  const [r] = await sql`
    SELECT d.id, d.channel, d.recipient, d.status, d.created_at, a.id AS alert_id, a.rule_id, r.name AS rule_name,
      a.suppressed, a.event
    FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id JOIN alert_rules r ON r.id = a.rule_id
    WHERE d.id = ${id}`;
  if (!r) return undefined;
  return {
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    alertId: r.alert_id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    suppressed: r.suppressed,
    event: r.event,
  };
}

/**
 * One try of one delivery. A delivery already sent or dead is left alone (a duplicate job, a replay);
 * a failure is recorded with its response and thrown so the queue tries again; the last failure
 * (`final`) leaves the delivery dead.
 */
export async function deliver(
  deps: DeliverDeps,
  deliveryId: string,
  final: boolean,
): Promise<'sent' | 'skipped'> {
  const d = await load(deps.sql, deliveryId);
  if (!d || d.status === 'sent' || d.status === 'dead') return 'skipped';
  try {
    const code = await send(deps, d);
    await deps.sql`
      UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, last_response_code = ${code},
        last_error = NULL, last_attempt_at = now(), sent_at = now()
      WHERE id = ${d.id} AND status IN ('pending', 'failed')`;
    return 'sent';
  } catch (error) {
    const code = error instanceof DeliveryFailed ? error.responseCode : null;
    const message = error instanceof Error ? error.message : String(error);
    await deps.sql`
      UPDATE alert_deliveries SET status = ${final ? 'dead' : 'failed'}, attempts = attempts + 1,
        last_response_code = ${code}, last_error = ${message.slice(0, 500)}, last_attempt_at = now()
      WHERE id = ${d.id} AND status IN ('pending', 'failed')`;
    throw error;
  }
}

async function reader(sql: Sql, userId: string, fallbackZone: string) {
  const [u] = await sql`SELECT email, locale, time_zone, status FROM users WHERE id = ${userId}`;
  if (!u || u.status === 'inactive') return undefined;
  return {
    email: u.email as string,
    locale: (u.locale ?? 'pt-BR') as Locale,
    timeZone: u.time_zone ?? fallbackZone,
  };
}

async function send(deps: DeliverDeps, d: Loaded): Promise<number | null> {
  if (d.channel === 'in_app') return sendInApp(deps, d);
  if (d.channel === 'email') return sendEmail(deps, d);
  return sendWebhook(deps, d);
}

async function sendInApp(deps: DeliverDeps, d: Loaded): Promise<null> {
  const user = await reader(deps.sql, d.recipient, deps.timeZone);
  if (!user) return null; // gone or deactivated since: nobody to tell
  const text = alertText(
    { ruleName: d.ruleName, event: d.event, suppressed: d.suppressed },
    user.locale,
    user.timeZone,
  );
  // One notification per delivery (its unique key): a retried or duplicated job adds none.
  const [row] = await deps.sql`
    INSERT INTO notifications (user_id, delivery_id, title, body, event_type, vehicle_id, occurred_at)
    VALUES (${d.recipient}, ${d.id}, ${text.title}, ${text.body}, ${d.event.type}, ${d.event.vehicleId},
      ${d.event.occurredAt})
    ON CONFLICT (delivery_id) DO NOTHING
    RETURNING id, user_id, title, body, event_type, vehicle_id, occurred_at, created_at, read_at`;
  if (row)
    await deps
      .publish({
        id: row.id,
        userId: row.user_id,
        title: row.title,
        body: row.body,
        eventType: row.event_type,
        vehicleId: row.vehicle_id === null ? null : String(row.vehicle_id),
        occurredAt: new Date(row.occurred_at).toISOString(),
        createdAt: new Date(row.created_at).toISOString(),
        readAt: null,
      })
      .catch(() => {});
  return null;
}

async function sendEmail(deps: DeliverDeps, d: Loaded): Promise<number | null> {
  if (!deps.mailer.enabled) throw new DeliveryFailed('No SMTP server is configured (set SMTP_URL).');
  const user = d.recipient.startsWith('user:')
    ? await reader(deps.sql, d.recipient.slice(5), deps.timeZone)
    : { email: d.recipient, locale: 'pt-BR' as Locale, timeZone: deps.timeZone };
  if (!user) return null;
  const text = alertText(
    { ruleName: d.ruleName, event: d.event, suppressed: d.suppressed },
    user.locale,
    user.timeZone,
  );
  try {
    await deps.mailer.send({
      to: user.email,
      subject: text.title,
      text: emailText(text, user.locale),
      messageId: `<${d.id}@alerts.pioneira>`,
    });
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode ?? null;
    throw new DeliveryFailed(`SMTP: ${(error as Error).message}`, code);
  }
  return 250;
}

async function sendWebhook(deps: DeliverDeps, d: Loaded): Promise<number> {
  const target = await deps.endpoints.target(d.recipient);
  if (!target) throw new DeliveryFailed('The webhook endpoint was deleted.');
  if (!target.enabled) throw new DeliveryFailed('The webhook endpoint is disabled.');
  const body = JSON.stringify(webhookBody(d, d.event, geofenceOf(d.event)));
  const timestamp = Math.floor(Date.now() / 1000);
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.webhookTimeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Pioneira-Webhooks/1',
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(target.secret, timestamp, body),
        [WEBHOOK_HEADERS.delivery]: d.id,
      },
      body,
    });
    await response.body?.cancel().catch(() => {});
  } catch (error) {
    throw new DeliveryFailed(`Could not reach the endpoint: ${(error as Error).message}`);
  }
  if (response.status < 200 || response.status > 299)
    throw new DeliveryFailed(`The endpoint answered ${response.status}.`, response.status);
  return response.status;
}
