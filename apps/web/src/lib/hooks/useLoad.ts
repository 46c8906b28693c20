'use client';

import { useEffect, useState } from 'react';

export interface Loaded<T> {
  /** The last answer; kept while a newer request runs so the page does not flash empty. */
  data: T | null;
  loading: boolean;
  error: unknown;
}

/** Loads `load()` again whenever `key` changes, aborting the previous request (stale answers never land). */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, loading: true, error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for everything `load` reads.
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    load(controller.signal)
      .then((data) => setState({ data, loading: false, error: null }))
      .catch((error) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, loading: false, error }));
      });
    return () => controller.abort();
  }, [key]);
  return state;
}
