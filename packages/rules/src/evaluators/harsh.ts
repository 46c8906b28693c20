import type { RuleSettings } from '@pioneira/contracts';
import { type Episode, type Evaluator, episodeOf, NONE, type RuleName, type Span } from '../episode';
import type { HarshKind, RuleFix } from '../fix';

export interface HarshState {
  prev: { t: number; lat: number; lon: number; speedKmh: number | null; course: number | null } | null;
  open: (Span & { kind: HarshKind; peak: number }) | null;
  /** Once a device flags harsh driving itself, its flags are trusted instead of our estimate. */
  deviceFlags: boolean;
}

const RULE: Record<HarshKind, RuleName> = {
  acceleration: 'harsh-acceleration',
  braking: 'harsh-braking',
  cornering: 'harsh-cornering',
};
const thresholdOf = (kind: HarshKind, s: RuleSettings) =>
  kind === 'acceleration'
    ? s.harshAccelerationMs2
    : kind === 'braking'
      ? s.harshBrakingMs2
      : s.harshCorneringMs2;

/** The strongest harsh measure between two fixes, relative to its threshold, or null. */
export function harshBetween(
  prev: NonNullable<HarshState['prev']>,
  fix: RuleFix,
  settings: RuleSettings,
): { kind: HarshKind; ms2: number } | null {
  const dt = (fix.t - prev.t) / 1000;
  if (dt <= 0 || dt > settings.harshMaxFixGapSeconds || prev.speedKmh === null || fix.speedKmh === null)
    return null;
  const v1 = prev.speedKmh / 3.6;
  const v2 = fix.speedKmh / 3.6;
  // The candidates (acceleration or braking, then cornering), without an array per fix: the
  // strongest relative to its threshold wins, a later one on a tie.
  const a = (v2 - v1) / dt;
  let kind: HarshKind = a > 0 ? 'acceleration' : 'braking';
  let ms2 = a > 0 ? a : -a;
  let ratio = ms2 / thresholdOf(kind, settings);
  const moving = settings.movingSpeedKmh / 3.6;
  if (prev.course !== null && fix.course !== null && v1 >= moving && v2 >= moving) {
    const turn = ((((fix.course - prev.course) % 360) + 540) % 360) - 180;
    const cornering = Math.abs(((turn * Math.PI) / 180 / dt) * ((v1 + v2) / 2));
    const corneringRatio = cornering / settings.harshCorneringMs2;
    if (corneringRatio >= 1 && corneringRatio >= ratio) {
      kind = 'cornering';
      ms2 = cornering;
      ratio = corneringRatio;
    }
  }
  return ratio >= 1 ? { kind, ms2 } : null;
}

function closedOf(open: HarshState['open'], settings: RuleSettings): Episode | null {
  if (!open) return null;
  return episodeOf(RULE[open.kind], open, null, {
    value: Math.round(open.peak * 100) / 100,
    limit: thresholdOf(open.kind, settings),
    units: 'm/s²',
    peakSpeedKmh: null,
  });
}

/**
 * Harsh acceleration, braking and cornering: from the speed and course change between fixes that
 * are at most `harshMaxFixGapSeconds` apart (consecutive harsh intervals of one kind are one
 * episode, valued at their peak), or from the device's own flags, each flag one episode.
 */
export const harsh: Evaluator<HarshState> = {
  initial: () => ({ prev: null, open: null, deviceFlags: false }),
  step(state, fix, settings) {
    let { open, deviceFlags } = state;
    let episodes = NONE;
    if (fix.deviceFlag) {
      deviceFlags = true;
      const closed = closedOf(open, settings);
      open = null;
      const { kind, valueMs2 } = fix.deviceFlag;
      const at: Span = {
        t: fix.t,
        lat: fix.latitude,
        lon: fix.longitude,
        lastT: fix.t,
        lastLat: fix.latitude,
        lastLon: fix.longitude,
      };
      const flagged = episodeOf(RULE[kind], at, null, {
        value: valueMs2 === null ? null : Math.round(valueMs2 * 100) / 100,
        limit: thresholdOf(kind, settings),
        units: 'm/s²',
        peakSpeedKmh: fix.speedKmh,
        origin: 'device',
      });
      episodes = closed ? [closed, flagged] : [flagged];
    } else if (!deviceFlags && state.prev) {
      const prev = state.prev;
      const found = harshBetween(prev, fix, settings);
      if (found && open && open.kind === found.kind && open.lastT === prev.t) {
        open = {
          kind: open.kind,
          peak: Math.max(open.peak, found.ms2),
          t: open.t,
          lat: open.lat,
          lon: open.lon,
          lastT: fix.t,
          lastLat: fix.latitude,
          lastLon: fix.longitude,
        };
      } else {
        const closed = closedOf(open, settings);
        if (closed) episodes = [closed];
        open = found
          ? {
              kind: found.kind,
              peak: found.ms2,
              t: prev.t,
              lat: prev.lat,
              lon: prev.lon,
              lastT: fix.t,
              lastLat: fix.latitude,
              lastLon: fix.longitude,
            }
          : null;
      }
    }
    const prev = {
      t: fix.t,
      lat: fix.latitude,
      lon: fix.longitude,
      speedKmh: fix.speedKmh,
      course: fix.course,
    };
    return { state: { prev, open, deviceFlags }, episodes };
  },
};
