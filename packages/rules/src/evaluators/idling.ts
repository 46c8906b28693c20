import { type Evaluator, episodeOf, extendSpan, gapTooLong, NONE, openSpan, type Span } from '../episode';

export interface IdlingState {
  open: Span | null;
}

/**
 * Excessive idling: engine on (the `ignition` attribute) and the vehicle still for at least
 * `idleMaxSeconds`. A device that never reports ignition never idles: the engine state is unknown.
 */
export const idling: Evaluator<IdlingState> = {
  initial: () => ({ open: null }),
  step(state, fix, settings) {
    let open = state.open;
    let episodes = NONE;
    const close = (end: typeof fix | null) => {
      if (!open) return;
      const seconds = Math.round(((end ? end.t : open.lastT) - open.t) / 1000);
      if (seconds >= settings.idleMaxSeconds)
        episodes = [
          episodeOf('idling', open, end, {
            value: seconds,
            limit: settings.idleMaxSeconds,
            units: 's',
            peakSpeedKmh: null,
          }),
        ];
      open = null;
    };
    if (open && gapTooLong(open, fix, settings)) close(null);
    const still =
      fix.speedKmh !== null
        ? fix.speedKmh < settings.movingSpeedKmh && fix.motion !== true
        : fix.motion === false;
    if (fix.ignition === true && still) open = open ? extendSpan(open, fix) : openSpan(fix);
    else close(fix);
    return { state: { open }, episodes };
  },
};
