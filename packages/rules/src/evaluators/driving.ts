import type { RuleSettings } from '@pioneira/contracts';
import type { RuleFix } from '../fix';

/** A stretch of driving of one device: the unit of the Lei 13.103 timeline. */
export interface DrivingSegment {
  startedAt: number;
  endedAt: number;
  /** The driver tag the device read while driving, if any. */
  driverUniqueId?: string | null;
  /** Metres covered (great-circle between consecutive fixes). */
  distanceM?: number;
}

export interface DrivingState {
  open: {
    startedAt: number;
    lastMovingAt: number;
    driverUniqueId?: string | null;
    distanceM?: number;
    lat?: number;
    lon?: number;
  } | null;
}

const EARTH_M = 6_371_008.8;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function metres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

const moving = (fix: RuleFix, settings: RuleSettings) =>
  fix.speedKmh !== null ? fix.speedKmh >= settings.movingSpeedKmh : fix.motion === true;

/**
 * Splits a device's fixes into driving segments (driving = moving). A stop shorter than
 * `stopMinSeconds` (traffic, a light) stays inside the segment; a longer one, or a gap in the
 * fixes longer than `maxFixGapSeconds`, ends it at the last moving fix.
 */
export function stepDriving(
  state: DrivingState,
  fix: RuleFix,
  settings: RuleSettings,
  driverUniqueId: string | null = null,
): { state: DrivingState; segments: DrivingSegment[] } {
  let open = state.open;
  let segments = NO_SEGMENTS;
  if (open && fix.t - open.lastMovingAt > settings.maxFixGapSeconds * 1000) {
    segments = [segmentOf(open)];
    open = null;
  }
  if (moving(fix, settings)) {
    const step =
      open?.lat === undefined || open.lon === undefined
        ? 0
        : metres(open.lat, open.lon, fix.latitude, fix.longitude);
    open = {
      startedAt: open ? open.startedAt : fix.t,
      lastMovingAt: fix.t,
      driverUniqueId: driverUniqueId ?? open?.driverUniqueId ?? null,
      distanceM: (open?.distanceM ?? 0) + step,
      lat: fix.latitude,
      lon: fix.longitude,
    };
  } else if (open && fix.t - open.lastMovingAt >= settings.stopMinSeconds * 1000) {
    segments = [segmentOf(open)];
    open = null;
  }
  return { state: open === null && state.open === null ? state : { open }, segments };
}

const NO_SEGMENTS: DrivingSegment[] = [];

const segmentOf = (open: NonNullable<DrivingState['open']>): DrivingSegment => ({
  startedAt: open.startedAt,
  endedAt: open.lastMovingAt,
  driverUniqueId: open.driverUniqueId ?? null,
  distanceM: Math.round(open.distanceM ?? 0),
});
