import type { RuleSettings } from '@pioneira/contracts';
import { type Episode, type Evaluator, episodeOf, gapTooLong, NONE, type Span } from '../episode';
import type { RuleFix } from '../fix';

export interface OverspeedState {
  open: (Span & { peak: number; limit?: number }) | null;
}

/**
 * Overspeed: above the limit plus the tolerance for at least `overspeedMinSeconds`, from the first
 * fix above to the first fix back under it (or the last fix above, when the fixes stop). One
 * episode per stretch, with its peak speed. Inside a geofence with a lower speed limit, that limit
 * applies (the episode reports the lowest limit of its stretch).
 */
type Open = NonNullable<OverspeedState['open']>;

// Module-level (no closure per fix): the episode of a stretch that ends at `end`, if long enough.
function closed(open: Open, end: RuleFix | null, settings: RuleSettings): Episode[] {
  const endT = end ? end.t : open.lastT;
  if (endT - open.t < settings.overspeedMinSeconds * 1000) return NONE;
  return [
    episodeOf('overspeed', open, end, {
      value: open.peak,
      limit: open.limit ?? settings.speedLimitKmh,
      units: 'km/h',
      peakSpeedKmh: open.peak,
    }),
  ];
}

export const overspeed: Evaluator<OverspeedState> = {
  initial: () => ({ open: null }),
  step(state, fix, settings) {
    let open = state.open;
    let episodes = NONE;
    if (open && gapTooLong(open, fix, settings)) {
      episodes = closed(open, null, settings);
      open = null;
    }
    const zone = fix.zoneSpeedLimitKmh;
    const limit = zone != null && zone < settings.speedLimitKmh ? zone : settings.speedLimitKmh;
    const speed = fix.speedKmh;
    if (speed !== null && speed > limit + settings.overspeedToleranceKmh) {
      open = open
        ? {
            t: open.t,
            lat: open.lat,
            lon: open.lon,
            lastT: fix.t,
            lastLat: fix.latitude,
            lastLon: fix.longitude,
            peak: Math.max(open.peak, speed),
            limit: Math.min(open.limit ?? limit, limit),
          }
        : {
            t: fix.t,
            lat: fix.latitude,
            lon: fix.longitude,
            lastT: fix.t,
            lastLat: fix.latitude,
            lastLon: fix.longitude,
            peak: speed,
            limit,
          };
    } else if (open) {
      episodes = closed(open, fix, settings);
      open = null;
    }
    // Nothing open before or after (most fixes): the state is unchanged, no object to make.
    return { state: open === null && state.open === null ? state : { open }, episodes };
  },
};
