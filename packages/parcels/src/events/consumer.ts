import type { Sql } from '@pioneira/db';
import type { DeliveredMessage, EventLog, Subscription } from '@pioneira/eventlog';
import type { Redis } from 'ioredis';
import type { EventsPayload } from './ingest';
import { projectParcels } from './projection';
import { liveParcelsChannel, TRACKING_EVENTS_TOPIC } from './topic';

/** Consumer group of the parcel projection on the tracking-events topic. */
export const PARCELS_GROUP = 'parcels';
const MAX_LIVE_CHANGES = 200;

/** A live message on `${prefix}:live:parcels`, forwarded as is by GET /api/live/parcels. */
export type LiveParcelsMessage =
  | {
      type: 'parcels';
      changes: Array<{ trackingCode: string; status: string; statusAt: string }>;
      more: number;
    }
  | { type: 'import'; importId: string; importKind: string; inserted: number }
  | { type: 'import-progress'; import: unknown };

interface ImportPayload {
  kind: 'import';
  importId: string;
  importKind: string;
  inserted: number;
}

/** Applies a batch of tracking-events messages to the parcel projection; returns the live messages to send. */
export async function applyTrackingMessages(
  sql: Sql,
  batch: DeliveredMessage[],
): Promise<LiveParcelsMessage[]> {
  const events: EventsPayload['events'] = [];
  const live: LiveParcelsMessage[] = [];
  for (const message of batch) {
    let payload: EventsPayload | ImportPayload;
    try {
      payload = JSON.parse(message.value.toString('utf8'));
    } catch {
      continue; // not ours to fix: a message that is not JSON can never be applied
    }
    if (payload.kind === 'events') events.push(...payload.events);
    else if (payload.kind === 'import')
      live.push({
        type: 'import',
        importId: payload.importId,
        importKind: payload.importKind,
        inserted: payload.inserted,
      });
  }
  if (events.length > 0) {
    const changed = await sql<{ tracking_code: string; status: string; status_at: Date }[]>`
      WITH source AS (
        SELECT * FROM unnest(${events.map((e) => e.trackingCode)}::text[], ${events.map((e) => e.status)}::text[],
          ${events.map((e) => e.occurredAt)}::timestamptz[]) AS s(tracking_code, status, occurred_at))
      ${projectParcels(sql, 'source')}`;
    if (changed.length > 0)
      live.unshift({
        type: 'parcels',
        changes: changed.slice(0, MAX_LIVE_CHANGES).map((c) => ({
          trackingCode: c.tracking_code,
          status: c.status,
          statusAt: c.status_at.toISOString(),
        })),
        more: Math.max(0, changed.length - MAX_LIVE_CHANGES),
      });
  }
  return live;
}

/** Runs the parcel projection consumer: event log → parcels table → live notifications in Redis. */
export function startParcelsConsumer(deps: {
  sql: Sql;
  eventLog: EventLog;
  redis: Redis;
  redisPrefix: string;
  onError?: (error: unknown) => void;
}): Promise<Subscription> {
  const channel = liveParcelsChannel(deps.redisPrefix);
  return deps.eventLog.subscribe({
    group: PARCELS_GROUP,
    topics: [TRACKING_EVENTS_TOPIC],
    batchSize: 200,
    onError: deps.onError,
    handler: async (batch) => {
      const live = await applyTrackingMessages(deps.sql, batch);
      if (live.length === 0) return;
      const pipeline = deps.redis.pipeline();
      for (const message of live) pipeline.publish(channel, JSON.stringify(message));
      await pipeline.exec();
    },
  });
}
