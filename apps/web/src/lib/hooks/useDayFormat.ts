'use client';

import { useMemo } from 'react';
import { useI18n } from '@/lib/i18n';

/**
 * Formats a local date (YYYY-MM-DD) as "23 de nov. de 2026". A calendar date has no time zone, so it
 * is formatted in UTC where it cannot shift to the day before or after.
 */
export function useDayFormat(style: 'medium' | 'short' = 'medium'): (day: string) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' });
    return (day: string) => format.format(new Date(`${day}T00:00:00Z`));
  }, [locale, style]);
}
