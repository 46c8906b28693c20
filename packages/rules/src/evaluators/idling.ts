import type { RuleSettings } from '@pioneira/contracts';
import {
  type Episode,
  type Evaluator,
  episodeOf,
  extendSpan,
  gapTooLong,
  NONE,
  openSpan,
  type Span,
} from '../episode';
import type { RuleFix } from '../fix';

export interface IdlingState {
  open: Span | null;
}

function closed(open: Span, end: RuleFix | null, settings: RuleSettings): Episode[] {
  const seconds = Math.round(((end ? end.t : open.lastT) - open.t) / 1000);
  if (seconds < settings.idleMaxSeconds) return NONE;
  return [
    episodeOf('idling', open, end, {
      value: seconds,
      limit: settings.idleMaxSeconds,
      units: 's',
      peakSpeedKmh: null,
    }),
  ];
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
    if (open && gapTooLong(open, fix, settings)) {
      episodes = closed(open, null, settings);
      open = null;
    }
    const still =
      fix.speedKmh !== null
        ? fix.speedKmh < settings.movingSpeedKmh && fix.motion !== true
        : fix.motion === false;
    if (fix.ignition === true && still) open = open ? extendSpan(open, fix) : openSpan(fix);
    else if (open) {
      episodes = closed(open, fix, settings);
      open = null;
    }
    return { state: open === null && state.open === null ? state : { open }, episodes };
  },
};
