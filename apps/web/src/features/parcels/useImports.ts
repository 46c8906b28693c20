'use client';

import { useMemo } from 'react';
import { usePoll } from '@/lib/hooks/usePoll';
import { listImports, type ParcelImport } from './parcels.api';

const ACTIVE_POLL_MS = 1_000;
const IDLE_POLL_MS = 30_000;
const RECENT = 10;
const active = (item: ParcelImport) => item.status === 'queued' || item.status === 'running';

/** Rank of how far an import got, so an older poll answer never overrides a newer stream message. */
const advance = (item: ParcelImport) =>
  (item.status === 'done' || item.status === 'failed' ? 1e15 : 0) +
  item.bytesRead * 10 +
  (active(item) ? 0 : 1);

/**
 * The recent imports: the committed rows (loaded on each import landing, `version`) overlaid with the
 * progress messages of the live stream, whichever got further. Polling fast while one runs is only
 * the fallback for when the stream is down (`streaming` false); with the stream up it is a slow check.
 */
export function useImports(
  enabled: boolean,
  version: number,
  live: Record<string, ParcelImport>,
  streaming: boolean,
) {
  const polled = usePoll(
    `${enabled}|${version}`,
    (signal) => (enabled ? listImports({ page: 1, pageSize: RECENT }, signal) : Promise.resolve(null)),
    (page) => (!streaming && page?.items.some(active) ? ACTIVE_POLL_MS : IDLE_POLL_MS),
  );
  const items = useMemo(
    () =>
      (polled.data?.items ?? []).map((item) => {
        const streamed = live[item.id];
        return streamed && advance(streamed) > advance(item) ? { ...item, ...streamed } : item;
      }),
    [polled.data, live],
  );
  return { items, loading: polled.data === null && enabled, reload: polled.reload };
}
