import { distanceM, type Fix } from './fix';
import type { TripSettings } from './settings';

/** A closed trip, as the segmenter hands it out (times in epoch ms). */
export interface TripSegment {
  kind: 'trip';
  startedAt: number;
  endedAt: number;
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  distanceM: number;
  drivingSeconds: number;
  /** Halts shorter than a stop with the engine on (or not reported off). */
  idleSeconds: number;
  maxSpeedKmh: number | null;
  odometerStartM: number | null;
  odometerEndM: number | null;
  engineSeconds: number | null;
  fuelUsedL: number | null;
  /** The first driver identification the device read during the trip. */
  driverKey: string | null;
}

/** A closed stop; `idleSeconds` is the part with the ignition reported on. */
export interface StopSegment {
  kind: 'stop';
  startedAt: number;
  endedAt: number;
  lat: number;
  lon: number;
  idleSeconds: number;
}

export type Segment = TripSegment | StopSegment;

/** The still stretch at the tail of a movement: it ends the trip once it lasts a stop. */
interface Still {
  since: Fix;
  distanceM: number;
  idleSeconds: number;
  engineOnSeconds: number;
}

interface Motion {
  start: Fix;
  distanceM: number;
  drivingSeconds: number;
  idleSeconds: number;
  engineOnSeconds: number;
  maxSpeedKmh: number | null;
  still: Still | null;
  driverKey?: string | null;
}

/**
 * What the segmenter remembers of a device between batches (JSON-safe). Either a confirmed trip is in
 * progress (`moving`, `motion` is the trip) or a stop is (`stop`, and `motion` a movement that has not
 * yet covered the minimum distance and time of a trip).
 */
export interface SegmenterState {
  last: Fix | null;
  moving: boolean;
  stop: { start: Fix; engineOnSeconds: number } | null;
  motion: Motion | null;
  /** Set by `flushSilent`: a fix within the maximum gap after `last` must re-segment from before it. */
  flushed?: true;
}

export const initialState = (): SegmenterState => ({ last: null, moving: false, stop: null, motion: null });

/**
 * Pure segmentation: feeds `fixes` (any order; at or before `state.last` they are ignored — the
 * caller re-segments from an earlier boundary for those) and returns the new state and the trips and
 * stops that closed. Every segment starts at a fix where a fresh state would start the same segment,
 * so re-segmenting from any segment start with `initialState()` gives the same result.
 */
export function segment(
  state: SegmenterState,
  fixes: readonly Fix[],
  settings: TripSettings,
): { state: SegmenterState; closed: Segment[] } {
  const s: SegmenterState = structuredClone(state);
  const closed: Segment[] = [];
  for (const fix of inOrder(fixes)) step(s, fix, settings, closed);
  return { state: s, closed };
}

/** The fixes oldest first (stable: of two at one time the first given is kept); copied only if not already. */
function inOrder(fixes: readonly Fix[]): readonly Fix[] {
  for (let i = 1; i < fixes.length; i++)
    if (fixes[i].t < fixes[i - 1].t) return [...fixes].sort((a, b) => a.t - b.t);
  return fixes;
}

/** Closes the trip in progress of a device silent for longer than the maximum gap, at its last fix. */
export function flushSilent(
  state: SegmenterState,
  now: number,
  settings: TripSettings,
): { state: SegmenterState; closed: Segment[] } {
  const s: SegmenterState = structuredClone(state);
  const closed: Segment[] = [];
  if (s.last && s.motion && now - s.last.t > settings.maxGapSeconds * 1000) {
    endMotion(s, s.last, settings, closed);
    s.flushed = true;
  }
  return { state: s, closed };
}

function step(s: SegmenterState, cur: Fix, cfg: TripSettings, out: Segment[]) {
  const prev = s.last;
  if (!prev) {
    s.stop = { start: cur, engineOnSeconds: 0 };
    s.last = cur;
    return;
  }
  if (cur.t <= prev.t) return;
  if (s.flushed) delete s.flushed;
  const dt = (cur.t - prev.t) / 1000;
  const dist = distanceM(prev, cur);
  s.last = cur;
  if (dt > cfg.maxGapSeconds) return silence(s, prev, cur, dist, cfg, out);
  const moving = isMoving(cur, dist, dt, cfg);
  const engineOn = prev.ignition === true ? dt : 0;
  const m = s.motion;
  if (!m) {
    if (moving)
      s.motion = {
        start: prev,
        distanceM: dist,
        drivingSeconds: dt,
        idleSeconds: 0,
        engineOnSeconds: engineOn,
        maxSpeedKmh: speedOf(cur, dist, dt),
        still: null,
        driverKey: prev.driverKey ?? cur.driverKey ?? null,
      };
    else if (s.stop) s.stop.engineOnSeconds += engineOn;
    return;
  }
  advance(m, prev, cur, moving, dist, dt, engineOn);
  if (m.still && cur.t - m.still.since.t >= cfg.minStopSeconds * 1000) {
    if (s.moving) {
      out.push(tripOf(m, m.still.since));
      s.stop = { start: m.still.since, engineOnSeconds: m.still.engineOnSeconds };
      s.moving = false;
    } else if (s.stop) {
      // A movement too short for a trip (yard manoeuvres, GPS drift): it stays part of the stop.
      s.stop.engineOnSeconds += m.engineOnSeconds;
    }
    s.motion = null;
  } else if (!s.moving && isTrip(m, m.still ? m.still.since : cur, cfg)) {
    if (s.stop) closeStop(s.stop, m.start.t, cfg, out);
    s.stop = null;
    s.moving = true;
  }
}

function advance(
  m: Motion,
  prev: Fix,
  cur: Fix,
  moving: boolean,
  dist: number,
  dt: number,
  engineOn: number,
) {
  m.engineOnSeconds += engineOn;
  if (!m.driverKey && cur.driverKey) m.driverKey = cur.driverKey;
  if (moving) {
    if (m.still) {
      m.distanceM += m.still.distanceM;
      m.idleSeconds += m.still.idleSeconds;
      m.still = null;
    }
    m.distanceM += dist;
    m.drivingSeconds += dt;
    const speed = speedOf(cur, dist, dt);
    if (speed !== null && (m.maxSpeedKmh === null || speed > m.maxSpeedKmh)) m.maxSpeedKmh = speed;
  } else if (!m.still) {
    // The way to where it halted was still driving.
    m.distanceM += dist;
    m.drivingSeconds += dt;
    m.still = { since: cur, distanceM: 0, idleSeconds: 0, engineOnSeconds: 0 };
  } else {
    m.still.distanceM += dist;
    m.still.idleSeconds += prev.ignition === false ? 0 : dt;
    m.still.engineOnSeconds += engineOn;
  }
}

/** A silence longer than the maximum gap: the movement ends at its last fix; the gap is never driving. */
function silence(s: SegmenterState, prev: Fix, cur: Fix, dist: number, cfg: TripSettings, out: Segment[]) {
  endMotion(s, prev, cfg, out);
  if (dist < cfg.minTripDistanceM || !s.stop) return; // parked while the device slept: the stop goes on
  // It moved while silent: what happened in between is unknown, so it is no segment at all.
  closeStop(s.stop, prev.t, cfg, out);
  s.stop = { start: cur, engineOnSeconds: 0 };
}

function endMotion(s: SegmenterState, last: Fix, cfg: TripSettings, out: Segment[]) {
  const m = s.motion;
  if (!m) return;
  const end = m.still ? m.still.since : last;
  const tail = m.still?.engineOnSeconds ?? 0;
  if (s.moving || isTrip(m, end, cfg)) {
    if (s.stop) closeStop(s.stop, m.start.t, cfg, out);
    out.push(tripOf(m, end));
    s.stop = { start: end, engineOnSeconds: tail };
  } else if (s.stop) {
    s.stop.engineOnSeconds += m.engineOnSeconds;
  }
  s.moving = false;
  s.motion = null;
}

const isTrip = (m: Motion, end: Fix, cfg: TripSettings) =>
  m.distanceM >= cfg.minTripDistanceM && end.t - m.start.t >= cfg.minTripSeconds * 1000;

function isMoving(cur: Fix, dist: number, dt: number, cfg: TripSettings): boolean {
  if (cur.ignition === false) return false;
  return (speedOf(cur, dist, dt) ?? 0) >= cfg.movingSpeedKmh;
}

const speedOf = (cur: Fix, dist: number, dt: number) => cur.speedKmh ?? (dt > 0 ? (dist / dt) * 3.6 : null);

function closeStop(
  stop: { start: Fix; engineOnSeconds: number },
  endT: number,
  cfg: TripSettings,
  out: Segment[],
) {
  if (endT - stop.start.t < cfg.minStopSeconds * 1000) return;
  out.push({
    kind: 'stop',
    startedAt: stop.start.t,
    endedAt: endT,
    lat: stop.start.lat,
    lon: stop.start.lon,
    idleSeconds: Math.min(stop.engineOnSeconds, (endT - stop.start.t) / 1000),
  });
}

const delta = (a: number | null, b: number | null) => (a === null || b === null || b < a ? null : b - a);

function tripOf(m: Motion, end: Fix): TripSegment {
  return {
    kind: 'trip',
    startedAt: m.start.t,
    endedAt: end.t,
    startLat: m.start.lat,
    startLon: m.start.lon,
    endLat: end.lat,
    endLon: end.lon,
    distanceM: m.distanceM,
    drivingSeconds: m.drivingSeconds,
    idleSeconds: m.idleSeconds,
    maxSpeedKmh: m.maxSpeedKmh,
    odometerStartM: m.start.odometerM,
    odometerEndM: end.odometerM,
    engineSeconds: delta(m.start.engineSeconds, end.engineSeconds),
    fuelUsedL: delta(m.start.fuelUsedL, end.fuelUsedL),
    driverKey: m.driverKey ?? null,
  };
}
