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
  const sorted = inOrder(fixes) ? fixes : [...fixes].sort((a, b) => a.t - b.t);
  // Each rule's state in a local of its own: the device's state object is made once, at the end.
  let lastT = state.lastT;
  let driver = state.driverUniqueId;
  let o = state.overspeed;
  let h = state.harsh;
  let i = state.idling;
  let a = state.afterHours;
  let d = state.driving;
  const episodes: AttributedEpisode[] = [];
  const segments: DrivingSegment[] = [];
  let evaluated = 0;
  for (const fix of sorted) {
    if (fix.t <= lastT) continue;
    evaluated++;
    const driverUniqueId = fix.driverUniqueId ?? (fix.ignition === false ? null : driver);
    const os = overspeed.step(o, fix, settings);
    const hs = harsh.step(h, fix, settings);
    const is = idling.step(i, fix, settings);
    const as = afterHours.step(a, fix, settings);
    const ds = stepDriving(d, fix, settings, driverUniqueId);
    // Most fixes close no episode: nothing to allocate for them.
    if (os.episodes.length + hs.episodes.length + is.episodes.length + as.episodes.length > 0) {
      const by = driver ?? driverUniqueId;
      for (const list of [os.episodes, hs.episodes, is.episodes, as.episodes])
        for (const e of list) episodes.push({ ...e, driverUniqueId: by });
    }
    for (const seg of ds.segments) segments.push(seg);
    lastT = fix.t;
    driver = driverUniqueId;
    o = os.state;
    h = hs.state;
    i = is.state;
    a = as.state;
    d = ds.state;
  }
  if (evaluated === 0) return { state, episodes, segments, evaluated };
  return {
    state: { lastT, driverUniqueId: driver, overspeed: o, harsh: h, idling: i, afterHours: a, driving: d },
    episodes,
    segments,
    evaluated,
  };
}

function inOrder(fixes: RuleFix[]): boolean {
  for (let k = 1; k < fixes.length; k++) if (fixes[k].t < fixes[k - 1].t) return false;
  return true;
}
