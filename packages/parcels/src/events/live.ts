import type { Import } from '../imports/import';

/** Most parcel changes one live message lists; the rest are counted in `more`. */
export const MAX_LIVE_CHANGES = 200;

/** A parcel whose status a commit changed. */
export interface ParcelChange {
  trackingCode: string;
  status: string;
  statusAt: string;
}

/**
 * What the tracking-events topic carries (JSON outbox payloads, written in the same transaction as
 * the data): a stream batch with the parcel changes it projected, or the committed state of an
 * import after a chunk, its start or its end.
 */
export type TrackingTopicPayload =
  | {
      kind: 'events';
      events: Array<{ trackingCode: string; status: string; occurredAt: string }>;
      changes: ParcelChange[];
      more: number;
    }
  | { kind: 'import'; import: Import; inserted: number; changes: ParcelChange[]; more: number };

/** A live message on the parcels channel, forwarded as is by GET /api/live/parcels. */
export type LiveParcelsMessage =
  | { type: 'parcels'; changes: ParcelChange[]; more: number }
  | { type: 'import'; importId: string; importKind: string; inserted: number }
  | { type: 'import-progress'; import: Import };

/** Changes as a payload lists them: the first MAX_LIVE_CHANGES and a count of the rest (of `total`). */
export function capChanges(
  rows: Array<{ tracking_code: string; status: string; status_at: Date }>,
  total = rows.length,
): { changes: ParcelChange[]; more: number } {
  return {
    changes: rows.slice(0, MAX_LIVE_CHANGES).map((c) => ({
      trackingCode: c.tracking_code,
      status: c.status,
      statusAt: c.status_at.toISOString(),
    })),
    more: Math.max(0, total - Math.min(rows.length, MAX_LIVE_CHANGES)),
  };
}

/** The live messages of one topic payload (nothing to compute: the commit already projected it). */
export function liveMessagesOf(payload: TrackingTopicPayload): LiveParcelsMessage[] {
  const live: LiveParcelsMessage[] = [];
  if (payload.changes.length > 0)
    live.push({ type: 'parcels', changes: payload.changes, more: payload.more });
  if (payload.kind === 'import') {
    if (payload.inserted > 0)
      live.push({
        type: 'import',
        importId: payload.import.id,
        importKind: payload.import.kind,
        inserted: payload.inserted,
      });
    live.push({ type: 'import-progress', import: payload.import });
  }
  return live;
}
