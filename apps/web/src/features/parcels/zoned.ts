import { startOfLocalDay as localMidnight } from '@pioneira/core/time';

/** The UTC instant (ISO) at which local date `day` (YYYY-MM-DD) begins in `timeZone`. */
export const startOfLocalDay = (day: string, timeZone: string): string =>
  localMidnight(day, timeZone).toISOString();
