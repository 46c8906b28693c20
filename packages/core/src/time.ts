// Local days in an IANA time zone, with nothing but Intl: the API and the web app (which imports this
// file as @pioneira/core/time) compute the same instants.

/** Minutes east of UTC that `timeZone` observes at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The UTC instant of local midnight starting `date` (YYYY-MM-DD) in `timeZone`, DST included. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return localInstant(`${date}T00:00`, timeZone);
}

/** The UTC instant of a local wall time (`YYYY-MM-DDTHH:mm`, a `datetime-local` value) in `timeZone`. */
export function localInstant(dateTime: string, timeZone: string): Date {
  const [date, time = '00:00'] = dateTime.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // A second pass settles times whose offset changes between the guess and the answer.
  return new Date(guess - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/**
 * `offsetMinutes` for many instants of one zone (an export's rows): an offset is looked up once per
 * quarter hour, the finest step at which any zone changes it.
 */
export function offsetCache(timeZone: string): (ms: number) => number {
  const offsets = new Map<number, number>();
  return (ms) => {
    const quarter = Math.floor(ms / 900_000);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      offset = offsetMinutes(new Date(ms), timeZone);
      offsets.set(quarter, offset);
    }
    return offset;
  };
}
