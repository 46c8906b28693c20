import { badRequest } from './errors';
import { startOfLocalDay } from './time';

export { startOfLocalDay };

export interface Period {
  from: Date;
  to: Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

function parseBound(value: string, timeZone: string, field: string, endOfDay: boolean): Date {
  if (DATE_ONLY.test(value)) {
    const start = startOfLocalDay(value, timeZone);
    const calendar = new Date(Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, +value.slice(8, 10)));
    // Date.UTC rolls 2026-02-30 over to 2 March: only a date that reads back the same is one.
    if (Number.isNaN(start.getTime()) || calendar.toISOString().slice(0, 10) !== value)
      throw badRequest('invalid_date', `${field} "${value}" is not a calendar date.`);
    if (!endOfDay) return start;
    const next = new Date(Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, +value.slice(8, 10) + 1));
    return startOfLocalDay(next.toISOString().slice(0, 10), timeZone);
  }
  const date = new Date(value);
  if (!DATE_TIME.test(value) || Number.isNaN(date.getTime()))
    throw badRequest(
      'invalid_date',
      `${field} "${value}" must be a date (YYYY-MM-DD) or an ISO-8601 time with an offset.`,
    );
  return date;
}

/** `timeZone` when it is an IANA zone this runtime knows; a 400 otherwise. */
export function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw badRequest(
      'invalid_time_zone',
      `Unknown time zone "${timeZone}"; use an IANA name such as America/Sao_Paulo.`,
    );
  }
  return timeZone;
}

/**
 * A [from, to) period from query values: whole local days (`to` included) in `timeZone`, or exact
 * ISO instants. Defaults to the last `defaultDays` days.
 */
export function parsePeriod(
  query: { from?: string; to?: string; tz?: string },
  defaultTimeZone: string,
  defaultDays = 30,
): Period & { timeZone: string } {
  const timeZone = checkTimeZone(query.tz ?? defaultTimeZone);
  const to = query.to ? parseBound(query.to, timeZone, 'to', true) : new Date();
  const from = query.from
    ? parseBound(query.from, timeZone, 'from', false)
    : new Date(to.getTime() - defaultDays * 86_400_000);
  // PostgreSQL has no year 0, and neither side should be that far anyway.
  for (const [field, bound] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (bound.getUTCFullYear() < 1900 || bound.getUTCFullYear() > 9999)
      throw badRequest('invalid_date', `${field} must fall between the years 1900 and 9999.`);
  if (from >= to)
    throw badRequest('invalid_period', 'The period must start before it ends ("from" before "to").');
  if (to.getTime() - from.getTime() > 3 * 366 * 86_400_000)
    throw badRequest('invalid_period', 'The period may span at most three years.');
  return { from, to, timeZone };
}
