'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | null;
  error: unknown;
  /** Loads again now (after an action), then keeps the usual rhythm. */
  reload: () => void;
}

/**
 * Loads `load()` now and again after `delayFor(data)` ms, so a page can poll fast while something runs
 * and slowly otherwise. Pauses while the tab is hidden; a newer answer always replaces an older one.
 */
export function usePoll<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  delayFor: (data: T | null) => number,
): Polled<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const [nudge, setNudge] = useState(0);
  const loadRef = useRef(load);
  const delayRef = useRef(delayFor);
  loadRef.current = load;
  delayRef.current = delayFor;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `nudge` restart the loop on purpose.
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: T | null = null;
    const tick = async () => {
      if (document.visibilityState === 'hidden') {
        timer = setTimeout(tick, 1000);
        return;
      }
      try {
        last = await loadRef.current(controller.signal);
        setState({ data: last, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ ...previous, error }));
      }
      if (!controller.signal.aborted) timer = setTimeout(tick, delayRef.current(last));
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, nudge]);

  const reload = useCallback(() => setNudge((n) => n + 1), []);
  return { ...state, reload };
}
