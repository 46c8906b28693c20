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
  const candidates: Array<{ kind: HarshKind; ms2: number }> = [];
  const a = (v2 - v1) / dt;
  if (a > 0) candidates.push({ kind: 'acceleration', ms2: a });
  else candidates.push({ kind: 'braking', ms2: -a });
  const moving = settings.movingSpeedKmh / 3.6;
  if (prev.course !== null && fix.course !== null && v1 >= moving && v2 >= moving) {
    const turn = ((((fix.course - prev.course) % 360) + 540) % 360) - 180;
    candidates.push({ kind: 'cornering', ms2: Math.abs(((turn * Math.PI) / 180 / dt) * ((v1 + v2) / 2)) });
  }
  let best: { kind: HarshKind; ms2: number } | null = null;
  let bestRatio = 1;
  for (const c of candidates) {
    const ratio = c.ms2 / thresholdOf(c.kind, settings);
    if (ratio >= bestRatio) {
      best = c;
      bestRatio = ratio;
    }
  }
  return best;
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
    const episodes: Episode[] = [];
    const close = () => {
      if (open)
        episodes.push(
          episodeOf(RULE[open.kind], open, null, {
            value: Math.round(open.peak * 100) / 100,
            limit: thresholdOf(open.kind, settings),
            units: 'm/s²',
            peakSpeedKmh: null,
          }),
        );
      open = null;
    };
    if (fix.deviceFlag) {
      deviceFlags = true;
      close();
      const { kind, valueMs2 } = fix.deviceFlag;
      const at: Span = {
        t: fix.t,
        lat: fix.latitude,
        lon: fix.longitude,
        lastT: fix.t,
        lastLat: fix.latitude,
        lastLon: fix.longitude,
      };
      episodes.push(
        episodeOf(RULE[kind], at, null, {
          value: valueMs2 === null ? null : Math.round(valueMs2 * 100) / 100,
          limit: thresholdOf(kind, settings),
          units: 'm/s²',
          peakSpeedKmh: fix.speedKmh,
          origin: 'device',
        }),
      );
    } else if (!deviceFlags && state.prev) {
      const prev = state.prev;
      const found = harshBetween(prev, fix, settings);
      if (found && open && open.kind === found.kind && open.lastT === prev.t) {
        open = {
          ...open,
          lastT: fix.t,
          lastLat: fix.latitude,
          lastLon: fix.longitude,
          peak: Math.max(open.peak, found.ms2),
        };
      } else {
        close();
        if (found)
          open = {
            kind: found.kind,
            peak: found.ms2,
            t: prev.t,
            lat: prev.lat,
            lon: prev.lon,
            lastT: fix.t,
            lastLat: fix.latitude,
            lastLon: fix.longitude,
          };
      }
    }
    const prev = {
      t: fix.t,
      lat: fix.latitude,
      lon: fix.longitude,
      speedKmh: fix.speedKmh,
      course: fix.course,
    };
    return { state: { prev, open, deviceFlags }, episodes: episodes.length ? episodes : NONE };
  },
};
