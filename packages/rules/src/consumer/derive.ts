import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { WirePosition } from '@pioneira/gps';
import { checkDrivingTime, type DrivingTimeViolation } from '../driving-time/checks';
import { type DeviceRulesState, evaluateDevice, initialDeviceState } from '../evaluate';
import { type RuleFix, ruleFixOf } from '../fix';
import { SettingsBook } from '../settings/resolve';
import { type DeviceRange, DeviceStateCache, type LockedBatch } from '../store/device-state';
import {
  type ActivityRow,
  activityOf,
  type DerivedEvent,
  type DeviceContext,
  deviceContexts,
  driversByTag,
  recordActivity,
  settingsOfDevices,
  storedFixes,
  upsertEvents,
} from '../store/rules.repository';
import { driverEvent, episodeEvent } from './events';

/**
 * Where the per-device state lives: PostgreSQL (cached in memory, checked against the locked row)
 * for the live consumer, memory alone for a recompute. `lock` also reads each device's fixes newer
 * than its state, up to the newest of the batch.
 */
export interface StateStore {
  lock(tx: Queryable, ranges: DeviceRange[]): Promise<LockedBatch<DeviceRulesState>>;
  save(tx: Queryable, states: Array<{ num: number; state: DeviceRulesState }>): Promise<void>;
  committed(states: Array<{ num: number; state: DeviceRulesState }>): void;
}

/** The live consumer's states: rows of `rules_device_state`, cached between batches. */
export const storedStates = (): StateStore =>
  new DeviceStateCache<DeviceRulesState>('rules_device_state', initialDeviceState);

export function memoryStates(): StateStore {
  const states = new Map<number, DeviceRulesState>();
  return {
    async lock(tx, ranges) {
      const loaded = new Map(ranges.map((r) => [r.num, states.get(r.num) ?? initialDeviceState()]));
      const fixes = await storedFixes(
        tx,
        ranges.map(({ num, first, upTo }) => {
          const lastT = loaded.get(num)?.lastT ?? 0;
          return { num, after: lastT > 0 ? lastT : first - 1, upTo };
        }),
      );
      return { states: loaded, fixes };
    },
    async save() {},
    committed(list) {
      for (const { num, state } of list) states.set(num, state);
    },
  };
}

/** Where a lower speed limit applies (the geofences' index). */
export interface SpeedZones {
  speedLimitAt(lat: number, lon: number): number | null;
}

export interface DeriveResult {
  evaluated: number;
  events: number;
  violations: DrivingTimeViolation[];
}

// Driving-time checks read this far back from the oldest new driving period: a working day and the
// 24 h of its daily rest, with room to spare.
const LOOKBACK_MS = 48 * 3_600_000;
const JUDGED_MS = 24 * 3_600_000;

/**
 * Runs every rule over a batch of positions and stores what they derived, in ONE transaction with
 * the devices' new state: a crash before commit re-derives the batch from the old state, a
 * redelivery after commit finds every fix older than the state and changes nothing.
 */
export async function derive(
  sql: Sql,
  positions: WirePosition[],
  states: StateStore = storedStates(),
  zones?: SpeedZones,
): Promise<DeriveResult> {
  if (positions.length === 0) return { evaluated: 0, events: 0, violations: [] };
  const byDevice = new Map<number, DeviceRange>();
  for (const p of positions) {
    const range = byDevice.get(p.deviceNum);
    if (!range) byDevice.set(p.deviceNum, { num: p.deviceNum, first: p.t, upTo: p.t });
    else if (p.t < range.first) range.first = p.t;
    else if (p.t > range.upTo) range.upTo = p.t;
  }
  const nums = [...byDevice.keys()];
  const saved: Array<{ num: number; state: DeviceRulesState }> = [];
  const result = await sql.begin(async (tx) => {
    // One round trip: the devices, their settings, their states locked and their fixes (pipelined).
    // The fixes are read from PostgreSQL, in order, from the newest one evaluated to the newest one
    // of this batch: two consumers given consecutive messages of one device in either order evaluate
    // every fix once (the first to lock the device also takes the fixes of the other message, which
    // were committed before their message was published).
    const [contexts, rows, locked] = await Promise.all([
      deviceContexts(tx, nums),
      settingsOfDevices(tx, nums),
      states.lock(tx, [...byDevice.values()]),
    ]);
    const book = new SettingsBook(rows);
    const events: DerivedEvent[] = [];
    const activity: ActivityRow[] = [];
    const tagged: Array<{ event: DerivedEvent; tag: string }> = [];
    let evaluated = 0;
    for (const num of nums) {
      const context = contexts.get(num);
      if (!context) continue;
      const settings = book.for(context.category, context.vehicleId);
      const stored = locked.fixes.get(num) ?? [];
      const fixes: RuleFix[] = new Array(stored.length);
      for (let k = 0; k < stored.length; k++) {
        const p = stored[k];
        fixes[k] = ruleFixOf(p, zones ? zones.speedLimitAt(p.latitude, p.longitude) : null);
      }
      const before = locked.states.get(num) ?? initialDeviceState();
      const result = evaluateDevice(before, fixes, settings);
      evaluated += result.evaluated;
      for (const episode of result.episodes) {
        const event = episodeEvent(episode, context);
        events.push(event);
        if (episode.driverUniqueId) tagged.push({ event, tag: episode.driverUniqueId });
      }
      // Every driving period goes to the driver's timeline (scorecard distance, driving time);
      // `driver` holds the tag the device read while driving (if any) until attribution below.
      for (const { driverUniqueId, ...segment } of result.segments)
        activity.push({
          ...segment,
          driver: driverUniqueId ?? '',
          deviceNum: num,
          vehicle: context.vehicleExternalId,
        });
      if (result.evaluated > 0) saved.push({ num, state: result.state });
    }
    // Attribution: the tag the device read, else the device's or the vehicle's assigned driver.
    const tags = await driversByTag(tx, [
      ...new Set([...tagged.map((t) => t.tag), ...activity.map((a) => a.driver).filter(Boolean)]),
    ]);
    for (const { event, tag } of tagged) event.driver = tags.get(tag) ?? event.driver;
    const attributed = activity
      .map((a) => ({ ...a, driver: tags.get(a.driver) ?? contexts.get(a.deviceNum)?.assignedDriver ?? '' }))
      .filter((a) => a.driver !== '');
    // Lei 13.103 applies where the vehicle's category says so (cargo, passengers).
    const checked = attributed.filter((a) => {
      const context = contexts.get(a.deviceNum) as DeviceContext;
      return book.for(context.category, context.vehicleId).drivingTime;
    });
    // The writes go in one pipeline too; the checks read the timelines once this batch's periods are in.
    const [, violations] = await Promise.all([
      recordActivity(tx, attributed),
      checkDrivers(tx, checked, contexts, book),
    ]);
    for (const { violation, driver, settingsOf } of violations)
      events.push(driverEvent(violation, driver, settingsOf));
    const [inserted] = await Promise.all([upsertEvents(tx, events), states.save(tx, saved)]);
    return { evaluated, events: inserted, violations: violations.map((v) => v.violation) };
  });
  states.committed(saved);
  return result;
}

async function checkDrivers(
  tx: Queryable,
  activity: ActivityRow[],
  contexts: Map<number, DeviceContext>,
  book: SettingsBook,
) {
  if (activity.length === 0) return [];
  const first = new Map<string, ActivityRow>();
  for (const a of activity) {
    const seen = first.get(a.driver);
    if (!seen || a.startedAt < seen.startedAt) first.set(a.driver, a);
  }
  // One transaction at a time per driver: two consumers deriving two vehicles of one driver would
  // otherwise each miss the other's driving. Taken after the device locks, in driver order: no cycles.
  await tx`
    SELECT pg_advisory_xact_lock(hashtextextended('pioneira.rules.driver:' || d, 0))
    FROM (SELECT d FROM unnest(${[...first.keys()].sort()}::text[]) AS d ORDER BY d) AS drivers`;
  const oldest = Math.min(...activity.map((a) => a.startedAt));
  const windowStart = oldest - LOOKBACK_MS;
  const timelines = await activityOf(tx, [...first.keys()], windowStart);
  const found: Array<{ violation: DrivingTimeViolation; driver: string; settingsOf: DeviceContext }> = [];
  for (const [driver, row] of first) {
    const context = contexts.get(row.deviceNum) as DeviceContext;
    const settings = book.for(context.category, context.vehicleId);
    const segments = timelines.get(driver) ?? [];
    const until = Math.max(...activity.filter((a) => a.driver === driver).map((a) => a.endedAt));
    // The window may cut a working day in two: what starts in its first 24 h was judged, with the
    // whole day in view, when that day's driving arrived.
    for (const violation of checkDrivingTime(segments, settings, until))
      if (violation.startedAt >= windowStart + JUDGED_MS)
        found.push({ violation, driver, settingsOf: context });
  }
  return found;
}
