/**
 * `npm run bench -- api --json`: 100k drivers and 10M events loaded by COPY (once; reused while the
 * counts match), then driver search and a driver's 90-day infractions measured over real HTTP under
 * concurrency, with the query plans PostgreSQL used. Targets: DESIGN.md §6.
 */
import { parseArgs } from 'node:util';
import type { Bench } from '../scripts/bench';
import { startBenchApi } from './lib/api-server';
import { benchDatabase } from './lib/database';
import { driverName, loadFleet, mixId } from './lib/fleet-data';
import { closedLoop, rng } from './lib/load';

const bench: Bench = async ({ args, log }) => {
  const { values } = parseArgs({
    args,
    options: {
      drivers: { type: 'string', default: '100000' },
      events: { type: 'string', default: '10000000' },
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '8' },
      reload: { type: 'boolean', default: false },
    },
  });
  const drivers = Number(values.drivers);
  const events = Number(values.events);
  const db = await benchDatabase('pioneira_bench_api', log);
  try {
    const [{ d, e }] =
      await db.sql`SELECT (SELECT count(*) FROM drivers)::int AS d, (SELECT count(*) FROM telemetry_events)::int AS e`;
    let loadSeconds: number | null = null;
    if (values.reload || d !== drivers || e !== events)
      loadSeconds = await loadFleet(
        db.sql,
        { drivers, vehicles: Math.max(1, drivers / 5), events, days: 365 },
        log,
      );
    else log(`reusing ${d} drivers and ${e} events already loaded`);

    const api = await startBenchApi(db.url, 'bench-api', { DATABASE_POOL_SIZE: '16' });
    const { base, headers } = api;
    const r = rng(7);
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const pick = () => Math.floor(r() * drivers) + 1;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers });
      if (!res.ok) throw new Error(`${res.status}`);
      await res.arrayBuffer();
    };
    // What people type: part of a first name and the start of a surname, without accents.
    const term = () => {
      const [first, last] = fold(driverName(pick())).split(' ');
      return r() < 0.5 ? `${first} ${last.slice(0, 3)}` : `${first.slice(0, 4)}`;
    };
    const ids = new Map(
      (await db.sql`SELECT external_id, id FROM drivers`).map((row) => [
        row.external_id as string,
        row.id as string,
      ]),
    );
    const seconds = Number(values.seconds);
    const concurrency = Number(values.concurrency);
    log(`driver search, ${concurrency} concurrent, ${seconds}s…`);
    const search = await closedLoop(concurrency, seconds, () =>
      get(`/api/drivers?search=${encodeURIComponent(term())}&pageSize=20`),
    );
    log(`90-day infractions of a driver, ${concurrency} concurrent, ${seconds}s…`);
    const infractions = await closedLoop(concurrency, seconds, () =>
      get(`/api/drivers/${ids.get(mixId(1, pick()))}/infractions?pageSize=50`),
    );

    const plans = {
      // The same statement DriversRepository.search runs for the term "joao sil" (relevance order).
      search: (
        await db.sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)
        WITH matches AS (
          SELECT driver_id, search_name, min(rank) AS rank FROM (
            SELECT driver_id, search_name,
              CASE WHEN search_name = 'joao sil' THEN 0 WHEN search_name LIKE 'joao sil%' THEN 1 ELSE 2 END AS rank
            FROM (SELECT driver_id, search_name FROM driver_name_words WHERE word LIKE 'joao%'
                  INTERSECT SELECT driver_id, search_name FROM driver_name_words WHERE word LIKE 'sil%') w
            UNION ALL SELECT id, search_name, 1 FROM drivers WHERE lower(employee_number) LIKE 'joao sil%'
          ) all_matches GROUP BY driver_id, search_name),
        paged AS (SELECT driver_id, rank, search_name, count(*) OVER ()::int AS total FROM matches
          ORDER BY rank, search_name, driver_id LIMIT 20)
        SELECT d.id, p.total FROM paged p JOIN drivers d ON d.id = p.driver_id ORDER BY p.rank, p.search_name, d.id`)
      ).map((row) => row['QUERY PLAN']),
      infractions: (
        await db.sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)
        SELECT e.id FROM telemetry_events e JOIN event_types et ON et.external_id = e.event_type_external_id AND et.is_infraction
        WHERE e.driver_external_id = '${mixId(1, 4242)}' AND e.started_at >= now() - interval '90 days' ORDER BY e.started_at DESC LIMIT 50`)
      ).map((row) => row['QUERY PLAN']),
    };
    await api.close();
    return {
      dataset: { drivers, events, loadSeconds },
      concurrency,
      driverSearch: { ...search, targetP95Ms: 10, meetsTarget: search.p95 <= 10 },
      driverInfractions90d: { ...infractions, targetP95Ms: 20, meetsTarget: infractions.p95 <= 20 },
      plans,
    };
  } finally {
    await db.close();
  }
};

export default bench;
