import type { RuleSettings } from '@pioneira/contracts';
import type { Episode } from './episode';
import { type AfterHoursState, afterHours } from './evaluators/after-hours';
import { type DrivingSegment, type DrivingState, stepDriving } from './evaluators/driving';
import { type HarshState, harsh } from './evaluators/harsh';
import { type IdlingState, idling } from './evaluators/idling';
import { type OverspeedState, overspeed } from './evaluators/overspeed';
import type { RuleFix } from './fix';

/** Everything the rules remember about one device between batches (stored as JSON). */
export interface DeviceRulesState {
  /** The newest fix evaluated; older fixes arriving later are ignored (replays change nothing). */
  lastT: number;
  /** The driver the device last identified (iButton), until the ignition goes off. */
  driverUniqueId: string | null;
  overspeed: OverspeedState;
  harsh: HarshState;
  idling: IdlingState;
  afterHours: AfterHoursState;
  driving: DrivingState;
}

export const initialDeviceState = (): DeviceRulesState => ({
  lastT: 0,
  driverUniqueId: null,
  overspeed: overspeed.initial(),
  harsh: harsh.initial(),
  idling: idling.initial(),
  afterHours: afterHours.initial(),
  driving: { open: null },
});

/** An episode with the driver identified when it began. */
export type AttributedEpisode = Episode & { driverUniqueId: string | null };

/**
 * Runs every rule over one device's fixes. Fixes are taken in time order; a fix not newer than the
 * last one evaluated is skipped, so re-delivered and replayed fixes never yield a second episode.
 */
export function evaluateDevice(
  state: DeviceRulesState,
  fixes: RuleFix[],
  settings: RuleSettings,
): { state: DeviceRulesState; episodes: AttributedEpisode[]; segments: DrivingSegment[]; evaluated: number } {
  const sorted = fixes.length > 1 ? [...fixes].sort((a, b) => a.t - b.t) : fixes;
  let s = state;
  const episodes: AttributedEpisode[] = [];
  const segments: DrivingSegment[] = [];
  let evaluated = 0;
  for (const fix of sorted) {
    if (fix.t <= s.lastT) continue;
    evaluated++;
    const driverUniqueId = fix.driverUniqueId ?? (fix.ignition === false ? null : s.driverUniqueId);
    const o = overspeed.step(s.overspeed, fix, settings);
    const h = harsh.step(s.harsh, fix, settings);
    const i = idling.step(s.idling, fix, settings);
    const a = afterHours.step(s.afterHours, fix, settings);
    const d = stepDriving(s.driving, fix, settings, driverUniqueId);
    // Most fixes close no episode: nothing to allocate for them.
    if (o.episodes.length + h.episodes.length + i.episodes.length + a.episodes.length > 0)
      for (const list of [o.episodes, h.episodes, i.episodes, a.episodes])
        for (const e of list) episodes.push({ ...e, driverUniqueId: s.driverUniqueId ?? driverUniqueId });
    for (const seg of d.segments) segments.push(seg);
    s = {
      lastT: fix.t,
      driverUniqueId,
      overspeed: o.state,
      harsh: h.state,
      idling: i.state,
      afterHours: a.state,
      driving: d.state,
    };
  }
  return { state: s, episodes, segments, evaluated };
}
