import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sql } from '@pioneira/db';
import { IngestService } from '@pioneira/gps';
import { ImportsService, ingestTrackingEvents, MAX_STREAM_BATCH, runImport } from '@pioneira/parcels';
import { atLocal, daysBetween, localDayNumbered } from './days';
import { PARCEL_LIFE_DAYS, parcelsCsv, parcelsPostedOn } from './parcels';
import { dayOfFixes, demoVehicle } from './positions';

const DAY_MS = 86_400_000;
/** The carrier the demo's tracking events come from (as an integration key of that carrier would send). */
export const DEMO_CARRIER = 'pioneira-demo';
// One seeding at a time per database, whichever process starts it.
const SEED_LOCK = 0x5e_ed_de_30;

export type DemoSimulator = 'fleet' | 'parcels';

/** A registered demo device and its place in the demo fleet (which depot, which driver habits). */
export interface DemoDevice {
  identifier: string;
  index: number;
}

export interface SeedResult {
  /** Null when another process was seeding the same database. */
  fleet: { from: Date; to: Date; positions: number } | null;
  parcels: { from: Date; to: Date; parcels: number; events: number } | null;
}

interface ClockRow {
  simulator: DemoSimulator;
  seeded_from: Date;
  seeded_until: Date;
}

/** The demo clock: where each simulator stopped, or nothing before the first start. */
export async function readDemoClock(sql: Sql): Promise<Map<DemoSimulator, { from: Date; until: Date }>> {
  const rows = await sql<ClockRow[]>`SELECT simulator, seeded_from, seeded_until FROM demo_clock`;
  return new Map(rows.map((r) => [r.simulator, { from: r.seeded_from, until: r.seeded_until }]));
}

/** Moves a simulator's clock forward (never back). */
export async function advanceDemoClock(sql: Sql, simulator: DemoSimulator, from: Date, until: Date) {
  await sql`
    INSERT INTO demo_clock (simulator, seeded_from, seeded_until) VALUES (${simulator}, ${from}, ${until})
    ON CONFLICT (simulator) DO UPDATE SET
      seeded_from = least(demo_clock.seeded_from, EXCLUDED.seeded_from),
      seeded_until = greatest(demo_clock.seeded_until, EXCLUDED.seeded_until),
      updated_at = now()`;
}

/**
 * Seeds what the demo simulators would have produced since they last ran (on the first start, the
 * last `historyDays` days) through the same durable paths as live data: positions through the ingest
 * (with their outbox row, so trips, stops, daily summaries and rules derive from them), parcels through
 * a CSV import and their tracking events through the stream ingest. Deterministic and keyed, and the
 * clock in `demo_clock` says where to resume: a second run adds nothing.
 */
export async function seedDemoHistory(
  sql: Sql,
  options: {
    devices: DemoDevice[];
    historyDays: number;
    now?: number;
    log?: (line: string) => void;
    /** Stops after the day being seeded (its checkpoint kept): the next run resumes there. */
    signal?: AbortSignal;
  },
): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now();
  const earliest = now - options.historyDays * DAY_MS;
  const lock = await sql.reserve();
  try {
    const [{ locked }] = await lock<
      { locked: boolean }[]
    >`SELECT pg_try_advisory_lock(${SEED_LOCK}) AS locked`;
    if (!locked) {
      log('another process is seeding the demo history; not seeding here');
      return { fleet: null, parcels: null };
    }
    try {
      const clock = await readDemoClock(sql);
      const resume = (simulator: DemoSimulator) =>
        Math.max(earliest, clock.get(simulator)?.until.getTime() ?? Number.NEGATIVE_INFINITY);
      const fleet = await seedPositions(sql, options.devices, resume('fleet'), now, log, options.signal);
      if (options.signal?.aborted) return { fleet, parcels: null };
      const since = clock.get('parcels')?.from.getTime() ?? earliest;
      const parcels = await seedParcels(sql, resume('parcels'), now, log, since);
      return { fleet, parcels };
    } finally {
      await lock`SELECT pg_advisory_unlock(${SEED_LOCK})`;
    }
  } finally {
    lock.release();
  }
}

async function seedPositions(
  sql: Sql,
  devices: DemoDevice[],
  from: number,
  to: number,
  log: (l: string) => void,
  signal?: AbortSignal,
) {
  const days = daysBetween(from, to);
  const result = { from: new Date(from), to: new Date(to), positions: 0 };
  if (days.length === 0 || devices.length === 0) return result;
  // Daily partitions for the whole span, so history does not pile up in the default partition.
  await sql`SELECT count(*) FROM gps_maintain_partitions(${Math.ceil((Date.now() - from) / DAY_MS) + 1}, 7, 365)`;
  const ingest = new IngestService(sql);
  await ingest.start();
  try {
    const refs = await ingest.devices.resolve(devices.map((d) => d.identifier));
    const fleet = devices.flatMap((d) => {
      const ref = refs.get(d.identifier);
      return ref ? [{ ref, vehicle: demoVehicle(d.index) }] : [];
    });
    let reported = Date.now();
    for (const [n, day] of days.entries()) {
      const submitted = await Promise.all(
        fleet.map(async ({ ref, vehicle }) => {
          const fixes = dayOfFixes(vehicle, day).filter(
            (f) => f.fixedAt.getTime() >= from && f.fixedAt.getTime() < to,
          );
          return fixes.length > 0 ? (await ingest.submitFor(ref, fixes)).accepted : 0;
        }),
      );
      result.positions += submitted.reduce((a, b) => a + b, 0);
      const dayEnd = Math.min(to, atLocal(localDayNumbered(day.number + 1), 0));
      // A checkpoint every week of history: an interrupted first start resumes there.
      if (n % 7 === 6 || n === days.length - 1 || signal?.aborted)
        await advanceDemoClock(sql, 'fleet', new Date(from), new Date(dayEnd));
      if (signal?.aborted) return result;
      if (Date.now() - reported > 5000 || n === days.length - 1) {
        reported = Date.now();
        log(
          `history: fleet day ${n + 1}/${days.length} (${result.positions.toLocaleString('en')} positions)`,
        );
      }
    }
  } finally {
    await ingest.stop();
  }
  await advanceDemoClock(sql, 'fleet', new Date(from), new Date(to));
  return result;
}

/**
 * Imports the parcels posted in [from, to) and ingests the demo tracking events that occurred then, of
 * the parcels posted since `postedSince` (the start of the demo's history: older ones do not exist).
 */
export async function seedParcels(
  sql: Sql,
  from: number,
  to: number,
  log: (l: string) => void = () => {},
  postedSince = from,
) {
  const result = { from: new Date(from), to: new Date(to), parcels: 0, events: 0 };
  if (to <= from) return result;
  const inWindow = (at: Date) => at.getTime() >= from && at.getTime() < to;
  const posted = daysBetween(from, to)
    .flatMap(parcelsPostedOn)
    .filter((p) => inWindow(p.postedAt));
  if (posted.length > 0) {
    const dir = await mkdtemp(join(tmpdir(), 'pioneira-demo-'));
    try {
      const file = join(dir, `demo-parcels-${new Date(from).toISOString().slice(0, 10)}.csv`);
      await writeFile(file, parcelsCsv(posted));
      const created = await new ImportsService(sql).createFromFile('parcels', file);
      const done = await runImport(sql, created.id);
      result.parcels = done.rowsAccepted;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const events = daysBetween(from - PARCEL_LIFE_DAYS * DAY_MS, to)
    .flatMap(parcelsPostedOn)
    .filter((p) => p.postedAt.getTime() >= postedSince)
    .flatMap((p) => p.events)
    .filter((e) => inWindow(e.occurredAt));
  for (let i = 0; i < events.length; i += MAX_STREAM_BATCH) {
    const { accepted } = await ingestTrackingEvents(
      sql,
      events.slice(i, i + MAX_STREAM_BATCH).map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
      DEMO_CARRIER,
    );
    result.events += accepted;
  }
  await advanceDemoClock(sql, 'parcels', new Date(from), new Date(to));
  if (result.parcels + result.events > 0)
    log(
      `history: ${result.parcels.toLocaleString('en')} parcels, ${result.events.toLocaleString('en')} tracking events`,
    );
  return result;
}
