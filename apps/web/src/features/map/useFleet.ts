'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveStream } from '@/lib/live-stream';
import { getLatest, type LatestPosition, type PositionDelta } from './map.api';

// React re-renders the list and the map source at most this often, however busy the stream is.
const PUBLISH_EVERY_MS = 500;

export interface Fleet {
  /** deviceId → newest position; mutated in place, read it when `version` changes. */
  positions: ReadonlyMap<string, LatestPosition>;
  version: number;
  loaded: boolean;
  live: boolean;
  error: unknown;
}

/**
 * The fleet's latest positions: the snapshot of /api/positions/latest, then the deltas of the live
 * stream merged in (a late fix never moves a vehicle back in time). Reloads the snapshot on every
 * reconnection and when an unknown device shows up (deltas carry no names).
 */
export function useFleet(): Fleet {
  const positions = useRef(new Map<string, LatestPosition>());
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reloading = useRef(false);

  const publish = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      setVersion((v) => v + 1);
    }, PUBLISH_EVERY_MS);
  }, []);

  const merge = useCallback((item: LatestPosition | PositionDelta) => {
    const known = positions.current.get(item.deviceId);
    if (known && known.fixedAt > item.fixedAt) return true;
    if (!known && !('deviceName' in item)) return false;
    positions.current.set(item.deviceId, { ...known, ...item } as LatestPosition);
    return true;
  }, []);

  const reload = useCallback(async () => {
    if (reloading.current) return;
    reloading.current = true;
    try {
      for (const item of await getLatest()) merge(item);
      setLoaded(true);
      setError(null);
      publish();
    } catch (caught) {
      setError(caught);
    } finally {
      reloading.current = false;
    }
  }, [merge, publish]);

  useEffect(() => {
    void reload();
    return () => clearTimeout(timer.current);
  }, [reload]);

  useLiveStream(
    '/api/live/positions',
    (event) => {
      if (event.event !== 'positions') return;
      let unknown = false;
      for (const delta of JSON.parse(event.data) as PositionDelta[]) if (!merge(delta)) unknown = true;
      if (unknown) void reload();
      publish();
    },
    { onOpen: () => void reload(), onState: setLive },
  );

  return { positions: positions.current, version, loaded, live, error };
}
