/**
 * `npm run bench -- reports --json`: 1,000 vehicles (each with a tracker and a driver) with a year of
 * trips, stops and daily summaries made by generate_series (once; reused while the counts match),
 * then the report routes over real HTTP, one client: trips, stops and summary of one vehicle over a
 * day, a month and a year, and the fleet summary of a month; plus the segmentation throughput over
 * stored fixes. Targets: DESIGN.md §6 (≤ 100 ms p95 per vehicle, ≤ 500 ms fleet month).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TRIP_SETTINGS, initialState, SegmentationService, segment } from '@pioneira/trips';
import type { Bench } from '../scripts/bench';
import { startBenchApi } from './lib/api-server';
import { benchDatabase } from './lib/database';
import { closedLoop, percentiles, rng } from './lib/load';
import { loadTrips, segmentationFixtures } from './lib/trips-data';

const FIRST_DAY = '2025-12-01';
const DAYS = 365;

const bench: Bench = async ({ args, log }) => {
  const { values } = parseArgs({
    args,
    options: {
      vehicles: { type: 'string', default: '1000' },
      'trips-per-day': { type: 'string', default: '6' },
      seconds: { type: 'string', default: '5' },
      reload: { type: 'boolean', default: false },
    },
  });
  const vehicles = Number(values.vehicles);
  const perDay = Number(values['trips-per-day']);
  const seconds = Number(values.seconds);
  const db = await benchDatabase('pioneira_bench_reports', log);
  try {
    const [{ v, t }] = await db.sql`
      SELECT (SELECT count(*) FROM vehicles WHERE external_id LIKE 'bench-v-%')::int AS v,
             (SELECT count(*) FROM trips t JOIN vehicles v ON v.id = t.vehicle_id
              WHERE v.external_id LIKE 'bench-v-%')::int AS t`;
    let loadSeconds: number | null = null;
    if (values.reload || v !== vehicles || t !== vehicles * DAYS * perDay)
      loadSeconds = await loadTrips(db.sql, { vehicles, days: DAYS, perDay, firstDay: FIRST_DAY }, log);
    else log(`reusing ${v} vehicles and ${t} trips already loaded`);

    const api = await startBenchApi(db.url, 'bench-reports');
    const { base, headers } = api;
    const ids = (await db.sql`SELECT id FROM vehicles ORDER BY id`).map((r) => String(r.id));
    const r = rng(11);
    const pick = <T>(items: T[]) => items[Math.floor(r() * items.length)];
    const day = (offset: number) => {
      const d = new Date(`${FIRST_DAY}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + offset);
      return d.toISOString().slice(0, 10);
    };
    const periods = {
      day: () => {
        const d = day(Math.floor(r() * DAYS));
        return { from: d, to: d };
      },
      month: () => {
        const start = Math.floor(r() * (DAYS - 30));
        return { from: day(start), to: day(start + 29) };
      },
      year: () => ({ from: day(0), to: day(DAYS - 1) }),
    };
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const results: Record<string, unknown> = {};
    let worst = 0;
    for (const report of ['trips', 'stops', 'summary'] as const)
      for (const [span, period] of Object.entries(periods)) {
        log(`${report} of one vehicle over a ${span}, 1 client, ${seconds}s…`);
        const figures = await closedLoop(1, seconds, async () => {
          const p = period();
          await get(`/api/reports/${report}?vehicleId=${pick(ids)}&from=${p.from}&to=${p.to}&pageSize=50`);
        });
        worst = Math.max(worst, figures.p95);
        results[`${report}:${span}`] = figures;
      }
    log(`fleet summary of a month, 1 client, ${seconds}s…`);
    const fleetMonth = await closedLoop(1, seconds, async () => {
      const p = periods.month();
      await get(`/api/reports/summary?from=${p.from}&to=${p.to}&pageSize=50`);
    });
    await api.close();

    log('segmentation throughput over stored fixes…');
    const fixtures = await segmentationFixtures(db.sql, 20, 8_640, log);
    const service = new SegmentationService(db.sql, 'America/Sao_Paulo');
    const started = performance.now();
    // One batch naming every device, as a consumer batch does: one read, one write of each kind.
    await service.apply(fixtures.devices.map((deviceNum) => ({ deviceNum, times: [fixtures.firstT] })));
    const storedSeconds = (performance.now() - started) / 1000;
    const pureTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      segment(initialState(), fixtures.sample, DEFAULT_TRIP_SETTINGS);
      pureTimes.push(performance.now() - t0);
    }
    const pureMs = percentiles(pureTimes).p50;
    return {
      dataset: {
        vehicles,
        days: DAYS,
        trips: vehicles * DAYS * perDay,
        stops: vehicles * DAYS * perDay,
        dailySummaries: vehicles * DAYS * 2,
        loadSeconds,
      },
      perVehicle: { ...results, targetP95Ms: 100, worstP95Ms: worst, meetsTarget: worst <= 100 },
      fleetMonthSummary: { ...fleetMonth, targetP95Ms: 500, meetsTarget: fleetMonth.p95 <= 500 },
      segmentation: {
        storedFixesPerSecond: Math.round(fixtures.count / storedSeconds),
        pureFixesPerSecond: Math.round(fixtures.sample.length / (pureMs / 1000)),
        note: 'stored: read from positions with attributes, segmented, trips/stops/summaries written, one transaction',
      },
    };
  } finally {
    await db.close();
  }
};

export default bench;
