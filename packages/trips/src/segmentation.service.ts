import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { flushSilent, initialState, type Segment, type SegmenterState, segment } from './segmenter';
import {
  type LockedDevice,
  lockDevices,
  readFixes,
  replaceSegments,
  saveState,
  segmentStartAtOrBefore,
  silentMovingDevices,
  type Touched,
} from './segments.repository';
import { refreshSummaries } from './summaries.repository';

/** Most stored fixes read per query; a device with more is read in several passes. */
const READ_CHUNK = 20_000;

/** A device and the times of the fixes the event log just delivered for it. */
export interface DeviceFixes {
  deviceNum: number;
  times: number[];
}

/**
 * Keeps trips, stops and daily summaries up to date from what is stored: the event log only says
 * which devices have new fixes and when; the fixes (with their ignition and counters) are read from
 * PostgreSQL. A fix at or before a device's last segmented one (late, out of order, or replayed)
 * re-segments from the start of the segment it falls in. Each call is one transaction holding the
 * devices' state rows, so concurrent consumers and redeliveries give the same result.
 */
export class SegmentationService {
  constructor(
    private readonly sql: Sql,
    private readonly timeZone: string,
  ) {}

  async apply(batch: DeviceFixes[]): Promise<{ closed: number }> {
    const byDevice = new Map<number, number>();
    for (const { deviceNum, times } of batch)
      byDevice.set(deviceNum, Math.min(byDevice.get(deviceNum) ?? Number.POSITIVE_INFINITY, ...times));
    if (byDevice.size === 0) return { closed: 0 };
    return this.sql.begin(async (tx) => {
      const touched: Touched[] = [];
      let closed = 0;
      for (const device of await lockDevices(tx, [...byDevice.keys()])) {
        const earliest = byDevice.get(device.deviceNum) ?? Number.POSITIVE_INFINITY;
        const result = await this.advance(tx, device, earliest);
        closed += result.closed;
        touched.push(...result.touched);
      }
      await refreshSummaries(tx, touched, this.timeZone);
      return { closed };
    });
  }

  /** Ends the open trips of devices silent for longer than their maximum gap (at their last fix). */
  async flushSilent(now = Date.now(), limit = 500): Promise<number> {
    return this.sql.begin(async (tx) => {
      const candidates = await silentMovingDevices(tx, 60, limit);
      if (candidates.length === 0) return 0;
      const touched: Touched[] = [];
      let closed = 0;
      for (const device of await lockDevices(tx, candidates)) {
        if (!device.state) continue;
        const out = flushSilent(device.state, now, device.settings);
        if (out.closed.length === 0 && out.state.moving === device.state.moving) continue;
        touched.push(...(await replaceSegments(tx, device, null, out.closed)));
        await saveState(tx, device.deviceNum, out.state);
        closed += out.closed.length;
      }
      await refreshSummaries(tx, touched, this.timeZone);
      return closed;
    });
  }

  private async advance(tx: Queryable, device: LockedDevice, earliest: number) {
    let state: SegmenterState = device.state ?? initialState();
    let fromT: number | null = null;
    let bound: { afterT: number | null } | { fromT: number | null } = { afterT: device.lastT };
    const rewound = device.lastT !== null && earliest <= device.lastT;
    if (rewound) {
      fromT = await rewindPoint(tx, device, state, earliest);
      state = initialState();
      bound = { fromT };
    }
    const closed: Segment[] = [];
    for (;;) {
      const fixes = await readFixes(tx, device.deviceNum, bound, READ_CHUNK);
      const out = segment(state, fixes, device.settings);
      state = out.state;
      closed.push(...out.closed);
      if (fixes.length < READ_CHUNK) break;
      bound = { afterT: fixes[fixes.length - 1].t };
    }
    // A rewind from before every stored segment replaces everything the device had.
    const touched = await replaceSegments(tx, device, rewound ? (fromT ?? 0) : null, closed);
    await saveState(tx, device.deviceNum, state);
    return { closed: closed.length, touched };
  }
}

/** Where to re-segment from for a fix at `t`: the start of the open or stored segment it falls in. */
async function rewindPoint(tx: Queryable, device: LockedDevice, state: SegmenterState, t: number) {
  const open = state.moving ? state.motion?.start.t : state.stop?.start.t;
  if (open !== undefined && open <= t) return open;
  return (await segmentStartAtOrBefore(tx, device.deviceNum, t)) ?? null;
}
