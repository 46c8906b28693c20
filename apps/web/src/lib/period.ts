/** Period presets of the infraction pages, resolved to local dates (YYYY-MM-DD) in the user's time zone. */
export const PERIOD_PRESETS = ['today', '7d', '30d', '90d', 'thisMonth', 'lastMonth', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface Period {
  preset: PeriodPreset;
  /** First local day, included. */
  from: string;
  /** Last local day, included. */
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date as YYYY-MM-DD (Date.parse alone accepts 2026-02-30). */
export function isLocalDate(value: string | null | undefined): value is string {
  if (!value || !DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === value;
}

/** Today's date where the user is, which is not UTC's date in the evening in Brazil. */
export function localToday(timeZone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/** Calendar arithmetic on local dates (no time zone involved: a date is a date). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function monthStart(date: string, monthsBack = 0): string {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - monthsBack, 1)).toISOString().slice(0, 10);
}

/** The dates a preset covers today; `custom` keeps the given dates (or falls back to 30 days). */
export function resolvePeriod(
  preset: PeriodPreset,
  timeZone: string,
  custom: { from?: string | null; to?: string | null } = {},
  now = new Date(),
): Period {
  const today = localToday(timeZone, now);
  const last = (days: number) => ({ preset, from: addDays(today, 1 - days), to: today });
  switch (preset) {
    case 'today':
      return { preset, from: today, to: today };
    case '7d':
      return last(7);
    case '30d':
      return last(30);
    case '90d':
      return last(90);
    case 'thisMonth':
      return { preset, from: monthStart(today), to: today };
    case 'lastMonth':
      return { preset, from: monthStart(today, 1), to: addDays(monthStart(today), -1) };
    case 'custom': {
      const { from, to } = custom;
      if (isLocalDate(from) && isLocalDate(to))
        return from <= to ? { preset, from, to } : { preset, from: to, to: from };
      return { ...last(30), preset: '30d' };
    }
  }
}

/**
 * The period in the address bar: `period=<preset>`, with `from`/`to` for `custom`. Bare `from`/`to`
 * (the form's links) count as custom.
 */
export function readPeriod(
  params: URLSearchParams,
  timeZone: string,
  fallback: PeriodPreset = '30d',
): Period {
  const named = PERIOD_PRESETS.find((p) => p === params.get('period'));
  const preset = named ?? (params.has('from') && params.has('to') ? 'custom' : fallback);
  return resolvePeriod(preset, timeZone, { from: params.get('from'), to: params.get('to') });
}

/** Writes a period into query parameters, leaving the default preset out to keep the address short. */
export function writePeriod(params: URLSearchParams, period: Period, fallback: PeriodPreset = '30d') {
  params.delete('period');
  params.delete('from');
  params.delete('to');
  if (period.preset !== fallback) params.set('period', period.preset);
  if (period.preset === 'custom') {
    params.set('from', period.from);
    params.set('to', period.to);
  }
}
