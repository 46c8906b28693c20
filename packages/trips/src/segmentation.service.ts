import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { WirePosition } from '@pioneira/gps';
import { type Fix, fixOf } from './fix';
import { flushSilent, initialState, type Segment, type SegmenterState, segment } from './segmenter';
import {
  deleteSegmentsFrom,
  type LockedDevice,
  lockDevices,
  type Owned,
  readAttributesMany,
  readFixes,
  readFixesMany,
  saveStates,
  segmentStartAtOrBefore,
  silentMovingDevices,
  type Touched,
  writeSegments,
} from './segments.repository';
import { refreshSummaries } from './summaries.repository';

/** Most stored fixes read per device and query; a device with more is read in several passes. */
const READ_CHUNK = 20_000;

/** A device and the times of the fixes the event log just delivered for it. */
export interface DeviceFixes {
  deviceNum: number;
  times: number[];
}

/** Each device's span of given fixes, first to last. */
function rangesOf(given: Map<number, Fix[]>) {
  const ranges: Array<{ deviceNum: number; fromT: number; toT: number }> = [];
  for (const [deviceNum, fixes] of given) {
    let fromT = Number.POSITIVE_INFINITY;
    let toT = Number.NEGATIVE_INFINITY;
    for (const f of fixes) {
      if (f.t < fromT) fromT = f.t;
      if (f.t > toT) toT = f.t;
    }
    if (fromT <= toT) ranges.push({ deviceNum, fromT, toT });
  }
  return ranges;
}

interface Outcome {
  device: LockedDevice;
  state: SegmenterState;
  closed: Segment[];
}

const own = (device: LockedDevice, closed: Segment[]): Owned[] =>
  closed.map((s) => ({
    ...s,
    deviceNum: device.deviceNum,
    vehicleId: device.vehicleId,
    driverId: device.driverId,
  }));

/**
 * Keeps trips, stops and daily summaries up to date. A device whose new fixes all come after its
 * last segmented one is segmented from the fixes the event log delivered (`applyPositions`: their
 * attributes, ignition and counters, looked up in one query for the whole batch), or from the fixes
 * stored after it (`apply`). A fix at or before a device's last segmented one (late, out of order, or
 * replayed) re-segments from the start of the segment it falls in, from what PostgreSQL stores. Each
 * call is one transaction holding the devices' state rows, so concurrent consumers and redeliveries
 * give the same result; devices that only move forward share one read, one write of trips, one of
 * stops and one of states.
 */
export class SegmentationService {
  constructor(
    private readonly sql: Sql,
    private readonly timeZone: string,
  ) {}

  /** Devices with new stored fixes at or after these times: segmented from what PostgreSQL stores. */
  async apply(batch: DeviceFixes[]): Promise<{ closed: number }> {
    const earliest = new Map<number, number>();
    for (const { deviceNum, times } of batch) {
      let min = earliest.get(deviceNum) ?? Number.POSITIVE_INFINITY;
      for (const t of times) if (t < min) min = t;
      earliest.set(deviceNum, min);
    }
    return this.run(earliest, undefined);
  }

  /**
   * The positions of a batch of event-log messages (all of them stored): devices that move forward
   * are segmented from these, without reading their fixes back; the others as `apply` does.
   */
  async applyPositions(positions: readonly WirePosition[]): Promise<{ closed: number }> {
    const given = new Map<number, Fix[]>();
    const earliest = new Map<number, number>();
    for (const p of positions) {
      let fixes = given.get(p.deviceNum);
      if (!fixes) {
        fixes = [];
        given.set(p.deviceNum, fixes);
      }
      fixes.push(fixOf(p.t, p.latitude, p.longitude, p.speedKmh, null));
      const min = earliest.get(p.deviceNum);
      if (min === undefined || p.t < min) earliest.set(p.deviceNum, p.t);
    }
    return this.run(earliest, given);
  }

  private async run(earliest: Map<number, number>, given: Map<number, Fix[]> | undefined) {
    if (earliest.size === 0) return { closed: 0 };
    return this.sql.begin(async (tx) => {
      // The attributes of the given fixes go out with the locks (one round trip): stored before the
      // fixes were published and never changed, they need no lock. Late devices do not use theirs.
      const [devices, attributes] = await Promise.all([
        lockDevices(tx, [...earliest.keys()]),
        given ? readAttributesMany(tx, rangesOf(given)) : undefined,
      ]);
      // Late: at or before the last fix, or continuing a trip a silence was thought to have ended.
      const late = (d: LockedDevice) => {
        const first = earliest.get(d.deviceNum) ?? 0;
        if (d.lastT === null) return false;
        return (
          first <= d.lastT ||
          (d.state?.flushed === true && first - d.lastT <= d.settings.maxGapSeconds * 1000)
        );
      };
      const touched: Touched[] = [];
      const ahead = devices.filter((d) => !late(d));
      const outcomes =
        given && attributes ? this.forwardGiven(ahead, given, attributes) : await this.forward(tx, ahead);
      for (const device of devices.filter(late)) {
        const { outcome, gone } = await this.rewind(tx, device, earliest.get(device.deviceNum) ?? 0);
        outcomes.push(outcome);
        touched.push(...gone);
      }
      // The states go out with the segments' upserts (pipelined); the summaries need what they touched.
      const [written] = await Promise.all([
        writeSegments(
          tx,
          outcomes.flatMap((o) => own(o.device, o.closed)),
        ),
        saveStates(
          tx,
          outcomes.map((o) => ({ deviceNum: o.device.deviceNum, state: o.state })),
        ),
      ]);
      touched.push(...written);
      await refreshSummaries(tx, touched, this.timeZone);
      return { closed: outcomes.reduce((n, o) => n + o.closed.length, 0) };
    });
  }

  /**
   * Devices moving forward with the fixes the log delivered: only their attributes are read (one
   * query for all), each fix taking those stored at its time.
   */
  private forwardGiven(
    devices: LockedDevice[],
    given: Map<number, Fix[]>,
    attributes: Map<number, Map<number, Record<string, unknown>>>,
  ): Outcome[] {
    return devices.map((device) => {
      const stored = attributes.get(device.deviceNum);
      let fixes = given.get(device.deviceNum) ?? [];
      if (stored)
        fixes = fixes.map((f) => {
          const found = stored.get(f.t);
          return found ? fixOf(f.t, f.lat, f.lon, f.speedKmh, found) : f;
        });
      const out = segment(device.state ?? initialState(), fixes, device.settings);
      return { device, state: out.state, closed: out.closed };
    });
  }

  /** Ends the open trips of devices silent for longer than their maximum gap (at their last fix). */
  async flushSilent(now = Date.now(), limit = 500): Promise<number> {
    return this.sql.begin(async (tx) => {
      const candidates = await silentMovingDevices(tx, 60, limit);
      if (candidates.length === 0) return 0;
      const outcomes: Outcome[] = [];
      for (const device of await lockDevices(tx, candidates)) {
        if (!device.state) continue;
        const out = flushSilent(device.state, now, device.settings);
        if (out.state.flushed) outcomes.push({ device, ...out });
      }
      const touched = await writeSegments(
        tx,
        outcomes.flatMap((o) => own(o.device, o.closed)),
      );
      await saveStates(
        tx,
        outcomes.map((o) => ({ deviceNum: o.device.deviceNum, state: o.state })),
      );
      await refreshSummaries(tx, touched, this.timeZone);
      return outcomes.reduce((n, o) => n + o.closed.length, 0);
    });
  }

  /** Devices whose new fixes all come after their last one: one read for all of them. */
  private async forward(tx: Queryable, devices: LockedDevice[]): Promise<Outcome[]> {
    const fixes = await readFixesMany(
      tx,
      devices.map((d) => ({ deviceNum: d.deviceNum, afterT: d.lastT })),
      READ_CHUNK,
    );
    const outcomes: Outcome[] = [];
    for (const device of devices) {
      let chunk = fixes.get(device.deviceNum) ?? [];
      let state = device.state ?? initialState();
      const closed: Segment[] = [];
      for (;;) {
        const out = segment(state, chunk, device.settings);
        state = out.state;
        closed.push(...out.closed);
        if (chunk.length < READ_CHUNK) break;
        chunk = await readFixes(tx, device.deviceNum, { afterT: chunk[chunk.length - 1].t }, READ_CHUNK);
      }
      outcomes.push({ device, state, closed });
    }
    return outcomes;
  }

  /**
   * A device with a late fix at `t`: re-segmented from the latest segment start at least one decision
   * window before it (a fix can change what the segmenter decided up to the longest threshold earlier:
   * a trip closed by a silence, a stop not yet long enough), so the result is the in-order one.
   */
  private async rewind(tx: Queryable, device: LockedDevice, t: number) {
    const state = device.state ?? initialState();
    const { maxGapSeconds, minStopSeconds, minTripSeconds } = device.settings;
    const before = t - Math.max(maxGapSeconds, minStopSeconds, minTripSeconds) * 1000;
    const open = state.moving ? state.motion?.start.t : state.stop?.start.t;
    const fromT =
      open !== undefined && open <= before
        ? open
        : await segmentStartAtOrBefore(tx, device.deviceNum, before);
    let next = initialState();
    const closed: Segment[] = [];
    let bound: { fromT: number | null } | { afterT: number } = { fromT };
    for (;;) {
      const chunk = await readFixes(tx, device.deviceNum, bound, READ_CHUNK);
      const out = segment(next, chunk, device.settings);
      next = out.state;
      closed.push(...out.closed);
      if (chunk.length < READ_CHUNK) break;
      bound = { afterT: chunk[chunk.length - 1].t };
    }
    // From before every stored segment, everything the device had is replaced.
    const gone = await deleteSegmentsFrom(tx, device.deviceNum, fromT ?? 0, closed);
    return { outcome: { device, state: next, closed }, gone };
  }
}
