import { type Evaluator, episodeOf, extendSpan, gapTooLong, NONE, openSpan, type Span } from '../episode';

export interface OverspeedState {
  open: (Span & { peak: number; limit?: number }) | null;
}

/**
 * Overspeed: above the limit plus the tolerance for at least `overspeedMinSeconds`, from the first
 * fix above to the first fix back under it (or the last fix above, when the fixes stop). One
 * episode per stretch, with its peak speed. Inside a geofence with a lower speed limit, that limit
 * applies (the episode reports the lowest limit of its stretch).
 */
export const overspeed: Evaluator<OverspeedState> = {
  initial: () => ({ open: null }),
  step(state, fix, settings) {
    let open = state.open;
    let episodes = NONE;
    const zone = fix.zoneSpeedLimitKmh;
    const limit = zone != null && zone < settings.speedLimitKmh ? zone : settings.speedLimitKmh;
    const close = (end: typeof fix | null) => {
      if (!open) return;
      const endT = end ? end.t : open.lastT;
      if (endT - open.t >= settings.overspeedMinSeconds * 1000)
        episodes = [
          episodeOf('overspeed', open, end, {
            value: open.peak,
            limit: open.limit ?? settings.speedLimitKmh,
            units: 'km/h',
            peakSpeedKmh: open.peak,
          }),
        ];
      open = null;
    };
    if (open && gapTooLong(open, fix, settings)) close(null);
    const speed = fix.speedKmh;
    if (speed !== null && speed > limit + settings.overspeedToleranceKmh) {
      open = open
        ? {
            ...extendSpan(open, fix),
            peak: Math.max(open.peak, speed),
            limit: Math.min(open.limit ?? limit, limit),
          }
        : { ...openSpan(fix), peak: speed, limit };
    } else close(fix);
    return { state: { open }, episodes };
  },
};
