'use client';

import { useEffect, useState } from 'react';
import { useLoad } from '@/lib/hooks/useLoad';
import { searchDrivers } from '../fleet/fleet.api';

/**
 * Drivers matching `search` (all drivers by name when empty). A newer search aborts the request of
 * the previous one, so a slow stale answer can never overwrite a fresh one.
 */
export const useDriverSearch = (search: string, page: number, pageSize: number) =>
  useLoad(JSON.stringify([search, page, pageSize]), (signal) =>
    searchDrivers({ search: search || undefined, page, pageSize }, signal),
  );

/** `value`, but only once it has stopped changing for `delayMs` (typing pauses). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
