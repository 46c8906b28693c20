'use client';

import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '@/lib/i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** "há 2 min" / "2 min ago" in the current locale; `now` is passed so a ticking clock re-renders it. */
export function useRelativeTime(): (
  value: string | number | Date | null | undefined,
  now?: number,
) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    return (value, now = Date.now()) => {
      if (value === null || value === undefined) return '—';
      // Never "in 1 s": a clock a little behind the server's makes fresh times look future; that is "now".
      const seconds = Math.min(0, Math.round((new Date(value).getTime() - now) / 1000));
      if (!Number.isFinite(seconds)) return '—';
      for (const [unit, size] of UNITS)
        if (Math.abs(seconds) >= size || unit === 'second')
          return format.format(Math.round(seconds / size), unit);
      return '—';
    };
  }, [locale]);
}

/** A length of time as "1 h 5 min", "2 min 10 s" or "850 ms": exact enough to compare runs. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  // Elapsed times computed against this browser's clock can come out slightly negative: that is 0.
  ms = Math.max(0, ms);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours) return `${hours} h ${minutes} min`;
  if (minutes) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

/** A MiX since token (`yyyyMMddHHmmssfff`, UTC) as epoch milliseconds; undefined when it is not one. */
export function sinceTokenMs(token: string | null | undefined): number | undefined {
  const m = token ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/.exec(token) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** The current time, ticking, so "há 2 min" and elapsed times stay true between two loads. */
export function useClock(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
