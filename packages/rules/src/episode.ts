import type { RuleSettings } from '@pioneira/contracts';
import type { RuleFix } from './fix';

/** The derived infractions, each an entry `rules.<name>` of the event_types catalogue. */
export const RULE_NAMES = [
  'overspeed',
  'harsh-acceleration',
  'harsh-braking',
  'harsh-cornering',
  'idling',
  'after-hours',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** One infraction: a closed episode of a rule, from its first to its last offending fix. */
export interface Episode {
  rule: RuleName;
  startedAt: number;
  endedAt: number;
  /** What was measured: peak speed (km/h), peak acceleration (m/s²) or duration (s). */
  value: number | null;
  limit: number | null;
  units: 'km/h' | 'm/s²' | 's';
  latitude: number;
  longitude: number;
  endLatitude: number;
  endLongitude: number;
  peakSpeedKmh: number | null;
  /** Where the measure came from: `gps` (derived) or `device` (the tracker's own flag). */
  origin: 'gps' | 'device';
}

/** A rule over one device's fixes, in time order: pure, the state is plain JSON. */
export interface Evaluator<S> {
  initial(): S;
  step(state: S, fix: RuleFix, settings: RuleSettings): { state: S; episodes: Episode[] };
}

/** Where an open episode began and was last seen. */
export interface Span {
  t: number;
  lat: number;
  lon: number;
  lastT: number;
  lastLat: number;
  lastLon: number;
}

export const NONE: Episode[] = [];

export const openSpan = (fix: RuleFix): Span => ({
  t: fix.t,
  lat: fix.latitude,
  lon: fix.longitude,
  lastT: fix.t,
  lastLat: fix.latitude,
  lastLon: fix.longitude,
});

export const extendSpan = (span: Span, fix: RuleFix): Span => ({
  ...span,
  lastT: fix.t,
  lastLat: fix.latitude,
  lastLon: fix.longitude,
});

/** True when the fixes are too far apart to say what happened between them. */
export const gapTooLong = (span: Span, fix: RuleFix, settings: RuleSettings) =>
  fix.t - span.lastT > settings.maxFixGapSeconds * 1000;

/** The episode of `span` ending at `end` (a fix, or the span's own last fix). */
export function episodeOf(
  rule: RuleName,
  span: Span,
  end: RuleFix | null,
  measure: Pick<Episode, 'value' | 'limit' | 'units' | 'peakSpeedKmh'> & { origin?: Episode['origin'] },
): Episode {
  return {
    rule,
    startedAt: span.t,
    endedAt: end ? end.t : span.lastT,
    latitude: span.lat,
    longitude: span.lon,
    endLatitude: end ? end.latitude : span.lastLat,
    endLongitude: end ? end.longitude : span.lastLon,
    origin: measure.origin ?? 'gps',
    value: measure.value,
    limit: measure.limit,
    units: measure.units,
    peakSpeedKmh: measure.peakSpeedKmh,
  };
}
