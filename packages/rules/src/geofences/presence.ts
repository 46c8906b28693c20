import { inWindows } from '../evaluators/after-hours';
import type { CompiledGeofence } from './compiled';
import type { GeofenceIndex } from './geofence-index';

/** One fix as the geofences read it. */
export interface PresenceFix {
  t: number;
  latitude: number;
  longitude: number;
}

/** A device's standing with one geofence. `streak` is when the fixes began to say the opposite. */
export interface Presence {
  inside: boolean;
  enteredAt: number | null;
  streak: number | null;
  dwellSent: boolean;
}

/** Everything the geofences remember about one device between batches (stored as JSON). */
export interface GeofenceDeviceState {
  lastT: number;
  last: { t: number; lat: number; lon: number } | null;
  zones: Record<string, Presence>;
}

export type GeofenceFactType = 'enter' | 'exit' | 'dwell' | 'outside-hours';

/** Something that happened between a device and a geofence. */
export interface GeofenceFact {
  type: GeofenceFactType;
  geofenceId: string;
  t: number;
  lat: number;
  lon: number;
  /** The start of the visit the fact belongs to. */
  enteredAt: number;
  /** The end of the visit (exit only). */
  exitedAt: number | null;
}

export interface PresenceTuning {
  /** Fixes inside (or outside) this long in a row count even when they stay within the hysteresis. */
  confirmSeconds: number;
  /** Two fixes further apart than this are not joined by a straight line (no segment crossing). */
  crossingMaxGapSeconds: number;
  timeZone: string;
}

export const DEFAULT_TUNING: PresenceTuning = {
  confirmSeconds: 30,
  crossingMaxGapSeconds: 600,
  timeZone: 'America/Sao_Paulo',
};

export const initialGeofenceState = (): GeofenceDeviceState => ({ lastT: 0, last: null, zones: {} });

/**
 * Runs one device's fixes (any order; those not newer than the state are skipped, so replays change
 * nothing) against the geofences. Enter when a fix is deeper inside than the margin or the fixes stay
 * inside for `confirmSeconds`; exit likewise outside; GPS jitter within the margin never flips the
 * state. Two fixes outside whose straight line runs clearly through a geofence make a visit too.
 */
export function evaluatePresence(
  state: GeofenceDeviceState,
  fixes: PresenceFix[],
  index: GeofenceIndex,
  tuning: PresenceTuning = DEFAULT_TUNING,
): { state: GeofenceDeviceState; facts: GeofenceFact[]; evaluated: number } {
  const sorted = fixes.length > 1 ? [...fixes].sort((a, b) => a.t - b.t) : fixes;
  const zones: Record<string, Presence> = { ...state.zones };
  let last = state.last;
  let lastT = state.lastT;
  const facts: GeofenceFact[] = [];
  let evaluated = 0;
  const confirmMs = tuning.confirmSeconds * 1000;
  for (const fix of sorted) {
    if (fix.t <= lastT) continue;
    evaluated++;
    const here = { lat: fix.latitude, lon: fix.longitude };
    const joined = last !== null && fix.t - last.t <= tuning.crossingMaxGapSeconds * 1000;
    // The segment's box holds the fix: one search finds both the geofences here and those crossed.
    const candidates = new Map<string, CompiledGeofence | undefined>();
    for (const g of joined && last ? index.along(last, here) : index.near(here.lat, here.lon))
      candidates.set(g.id, g);
    for (const id in zones) if (!candidates.has(id)) candidates.set(id, index.get(id));
    for (const [id, g] of candidates) {
      if (!g) {
        delete zones[id];
        continue;
      }
      const z: Presence = {
        ...(zones[id] ?? { inside: false, enteredAt: null, streak: null, dwellSent: false }),
      };
      const emit = (type: GeofenceFactType, t: number, enteredAt: number, exitedAt: number | null = null) =>
        facts.push({ type, geofenceId: id, t, lat: here.lat, lon: here.lon, enteredAt, exitedAt });
      const enter = (t: number) => {
        z.inside = true;
        z.enteredAt = t;
        z.streak = null;
        z.dwellSent = false;
        emit('enter', t, t);
        if (!inWindows(t, g.record.allowedHours, tuning.timeZone)) emit('outside-hours', t, t);
      };
      const exit = (t: number) => {
        const enteredAt = z.enteredAt ?? t;
        const dwell = g.record.dwellMaxSeconds;
        if (dwell !== null && !z.dwellSent && t - enteredAt >= dwell * 1000)
          emit('dwell', enteredAt + dwell * 1000, enteredAt);
        emit('exit', t, enteredAt, t);
        z.inside = false;
        z.enteredAt = null;
        z.streak = null;
        z.dwellSent = false;
      };
      const d = g.signedDistance(here.lat, here.lon);
      if (!z.inside) {
        if (d <= 0) {
          const since = z.streak ?? fix.t;
          if (d <= -g.margin || fix.t - since >= confirmMs) enter(since);
          else z.streak = since;
        } else {
          z.streak = null;
          const through = joined && last ? g.crossing(last, here) : null;
          if (through && last) {
            const span = fix.t - last.t;
            enter(Math.round(last.t + span * through[0]));
            exit(Math.round(last.t + span * through[1]));
          }
        }
      } else if (d > 0) {
        const since = z.streak ?? fix.t;
        if (d >= g.margin || fix.t - since >= confirmMs) exit(since);
        else z.streak = since;
      } else {
        z.streak = null;
      }
      const dwell = g.record.dwellMaxSeconds;
      if (
        z.inside &&
        z.enteredAt !== null &&
        dwell !== null &&
        !z.dwellSent &&
        fix.t - z.enteredAt >= dwell * 1000
      ) {
        z.dwellSent = true;
        emit('dwell', z.enteredAt + dwell * 1000, z.enteredAt);
      }
      if (z.inside || z.streak !== null) zones[id] = z;
      else delete zones[id];
    }
    last = { t: fix.t, lat: here.lat, lon: here.lon };
    lastT = fix.t;
  }
  return { state: { lastT, last, zones }, facts, evaluated };
}
