import type { Queryable } from '@pioneira/core';
import { enqueueOutbox, TOPICS } from '@pioneira/pipeline';
import type { ParcelChange, TrackingTopicPayload } from '../events/live';
import { type ImportRow, toImport } from './import';

/**
 * Puts an import's committed state on the tracking-events topic, inside the transaction that changed
 * it: the one channel by which progress reaches the browsers (the row itself is the fallback they poll).
 */
export async function announceImport(
  tx: Queryable,
  row: ImportRow,
  inserted = 0,
  changed: { changes: ParcelChange[]; more: number } = { changes: [], more: 0 },
): Promise<void> {
  const payload: TrackingTopicPayload = { kind: 'import', import: toImport(row), inserted, ...changed };
  await enqueueOutbox(tx, TOPICS.trackingEvents, payload);
}
