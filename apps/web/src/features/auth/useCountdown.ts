'use client';

import { useEffect, useState } from 'react';

/** Seconds left until `until` (epoch ms), ticking every second; 0 once passed or when `until` is null. */
export function useCountdown(until: number | null): number {
  const secondsLeft = () => (until ? Math.max(0, Math.ceil((until - Date.now()) / 1000)) : 0);
  const [left, setLeft] = useState(secondsLeft);
  // biome-ignore lint/correctness/useExhaustiveDependencies: secondsLeft only depends on `until`.
  useEffect(() => {
    setLeft(secondsLeft());
    if (!until) return;
    const timer = setInterval(() => {
      const value = secondsLeft();
      setLeft(value);
      if (value === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return left;
}
