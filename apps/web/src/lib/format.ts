'use client';

import { useMemo } from 'react';
import { useAuth } from './auth';
import { useI18n } from './i18n';

/** The browser's time zone, used when the user has not chosen one. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function validTimeZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

export interface Formatters {
  timeZone: string;
  /** "23/11/2026 09:41" in pt-BR, "11/23/2026, 9:41 AM" in English, in the user's time zone. */
  dateTime: (value: string | number | Date | null | undefined, fallback?: string) => string;
  date: (value: string | number | Date | null | undefined, fallback?: string) => string;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
}

/** Formats dates and numbers for the current locale and the user's time zone (the browser's by default). */
export function useFormat(): Formatters {
  const { locale } = useI18n();
  const { user } = useAuth();
  const userZone = user?.timeZone;
  return useMemo(() => {
    const timeZone = validTimeZone(userZone) ?? browserTimeZone();
    const dateTimeFormat = new Intl.DateTimeFormat(locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone,
    });
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    const formatWith =
      (format: Intl.DateTimeFormat) =>
      (value: string | number | Date | null | undefined, fallback = '—') => {
        if (value === null || value === undefined || value === '') return fallback;
        const date = value instanceof Date ? value : new Date(value);
        return Number.isNaN(date.getTime()) ? fallback : format.format(date);
      };
    return {
      timeZone,
      dateTime: formatWith(dateTimeFormat),
      date: formatWith(dateFormat),
      number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    };
  }, [locale, userZone]);
}
