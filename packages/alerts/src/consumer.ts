import type { Sql } from '@pioneira/db';
import type { EventLog, Subscription } from '@pioneira/eventlog';
import { CONSUMER_GROUPS, type ConsumerGroup } from '@pioneira/pipeline';
import { pendingDeliveries, recordAlert } from './delivery/alerts.repository';
import { recipientsOf, stormKey } from './delivery/plan';
import { type AlertEvent, parseAlertEvent } from './events';
import type { AlertRule } from './rules/rule';
import { ruleMatches } from './rules/rule';
import { alertRulesRepository } from './rules/rules.repository';

/** Consumer group of the alerts on the events topic. */
export const ALERTS_GROUP: ConsumerGroup = 'alerts';

export interface AlertsConsumerDeps {
  sql: Sql;
  eventLog: EventLog;
  /** IANA zone of the rules' calendars (the company's). */
  timeZone: string;
  /** Queues deliveries to send; called after their rows committed, again for any still pending. */
  enqueue(deliveryIds: string[]): Promise<void>;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/**
 * Evaluates the alert rules on the events topic. Each batch's alerts and deliveries commit in one
 * transaction, then the deliveries are queued; the message is acknowledged only after both, so a
 * crash in between re-reads the batch, finds the alerts recorded and queues what is still pending.
 */
export function startAlertsConsumer(deps: AlertsConsumerDeps): Promise<Subscription> {
  const report = deps.onError ?? console.error;
  // The rules are read again only when they changed: each batch sees every rule committed before it.
  let rules: { version: string; list: AlertRule[] } | undefined;
  const currentRules = async () => {
    const version = await alertRulesRepository.version(deps.sql);
    if (rules?.version !== version)
      rules = { version, list: await alertRulesRepository.list(deps.sql, true) };
    return rules.list;
  };
  return deps.eventLog.subscribe({
    group: ALERTS_GROUP,
    topics: [...CONSUMER_GROUPS[ALERTS_GROUP].topics],
    batchSize: deps.batchSize ?? 200,
    onError: deps.onError,
    handler: async (batch) => {
      const events: AlertEvent[] = [];
      for (const message of batch) {
        const event = parseAlertEvent(message.value);
        // Not an event of ours: no retry can fix it, and it must not hold the others back.
        if (event) events.push(event);
        else report(new Error(`events topic: message ${message.id} is not an alert event`));
      }
      if (events.length === 0) return;
      await evaluate(deps, await currentRules(), events);
    },
  });
}

/**
 * The events with their vehicle's rule category, read in one query for the batch, and only when a
 * rule targets categories (the topic carries the vehicle's id, not its category).
 */
async function withCategories(sql: Sql, rules: AlertRule[], events: AlertEvent[]): Promise<AlertEvent[]> {
  if (!rules.some((r) => r.vehicleCategories.length > 0)) return events;
  const ids = [...new Set(events.flatMap((e) => (e.vehicleId ? [e.vehicleId] : [])))];
  const categories = await alertRulesRepository.vehicleCategories(sql, ids);
  return events.map((e) => ({
    ...e,
    vehicleCategory: e.vehicleId ? (categories.get(e.vehicleId) ?? null) : null,
  }));
}

/** Records the alerts of a batch of events and queues their deliveries. */
export async function evaluate(
  deps: Pick<AlertsConsumerDeps, 'sql' | 'timeZone' | 'enqueue'>,
  rules: AlertRule[],
  events: AlertEvent[],
): Promise<void> {
  const work = (await withCategories(deps.sql, rules, events)).flatMap((event) =>
    rules.filter((rule) => ruleMatches(rule, event, deps.timeZone)).map((rule) => ({ rule, event })),
  );
  if (work.length > 0) {
    // One lock order for every batch (rule, then anti-storm key, then time): no deadlock between consumers.
    const order = (w: (typeof work)[number]) =>
      `${w.rule.id}|${stormKey(w.event)}|${w.event.occurredAt}|${w.event.key}`;
    work.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    await deps.sql.begin(async (tx) => {
      for (const { rule, event } of work) await recordAlert(tx, rule, event, recipientsOf(rule));
    });
  }
  const pending = await pendingDeliveries(deps.sql, [...new Set(work.map((w) => w.event.key))]);
  if (pending.length > 0) await deps.enqueue(pending);
}
