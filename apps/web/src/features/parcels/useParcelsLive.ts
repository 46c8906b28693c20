'use client';

import { useCallback, useRef, useState } from 'react';
import { useLiveStream } from '@/lib/live-stream';
import type { ParcelImport } from './parcels.api';

// Many tracking events can land in a second: reload the numbers at most this often.
const RELOAD_EVERY_MS = 1_500;

/**
 * The parcels dashboard's live feed: `version` changes (throttled) whenever parcels change or an
 * import lands, and `progress` holds the newest progress of each import seen on the stream.
 */
export function useParcelsLive() {
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(false);
  const [progress, setProgress] = useState<Record<string, ParcelImport>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const bump = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      setVersion((v) => v + 1);
    }, RELOAD_EVERY_MS);
  }, []);

  useLiveStream(
    '/api/live/parcels',
    (event) => {
      if (event.event === 'parcels' || event.event === 'import') bump();
      else if (event.event === 'import-progress') {
        const message = JSON.parse(event.data) as { import?: ParcelImport };
        const update = message.import;
        if (update?.id) setProgress((current) => ({ ...current, [update.id]: update }));
        if (update?.status === 'done') bump();
      }
    },
    // After a reconnection anything may have changed meanwhile.
    { onOpen: bump, onState: setLive },
  );
  return { version, live, progress, refresh: bump };
}
