import type { RuleSettings } from '@pioneira/contracts';
import type { RuleFix } from '../fix';

/** A stretch of driving of one device: the unit of the Lei 13.103 timeline. */
export interface DrivingSegment {
  startedAt: number;
  endedAt: number;
  /** The driver tag the device read while driving, if any. */
  driverUniqueId?: string | null;
}

export interface DrivingState {
  open: { startedAt: number; lastMovingAt: number; driverUniqueId?: string | null } | null;
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
  const segments: DrivingSegment[] = [];
  const close = () => {
    if (!open) return;
    segments.push({
      startedAt: open.startedAt,
      endedAt: open.lastMovingAt,
      driverUniqueId: open.driverUniqueId ?? null,
    });
    open = null;
  };
  if (open && fix.t - open.lastMovingAt > settings.maxFixGapSeconds * 1000) close();
  if (moving(fix, settings)) {
    open = {
      startedAt: open ? open.startedAt : fix.t,
      lastMovingAt: fix.t,
      driverUniqueId: driverUniqueId ?? open?.driverUniqueId ?? null,
    };
  } else if (open && fix.t - open.lastMovingAt >= settings.stopMinSeconds * 1000) close();
  return { state: { open }, segments };
}
