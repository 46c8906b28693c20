/** Minutes east of UTC of `timeZone` at instant `ms`. */
function offsetMinutes(timeZone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The UTC instant (ISO) at which local date `day` (YYYY-MM-DD) begins in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - offsetMinutes(timeZone, guess) * 60_000;
  // A second pass settles days whose offset differs from the guess's (daylight-saving changes).
  instant = guess - offsetMinutes(timeZone, instant) * 60_000;
  return new Date(instant).toISOString();
}
