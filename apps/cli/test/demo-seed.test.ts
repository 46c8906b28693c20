import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gpsSplitters } from '@pioneira/gps';
import { createHarness, type Harness } from '@pioneira/gps/testing';
import { OutboxRelay } from '@pioneira/pipeline';
import { TripsConsumer } from '@pioneira/trips';
import { localDayOf } from '../src/demo-seed/days';
import { DEPOTS, STOPS } from '../src/demo-seed/places';
import { type DemoDevice, readDemoClock, seedDemoHistory } from '../src/demo-seed/seed';

const DAY = 86_400_000;
// The first start seeds 90 days up to three days ago; the restart continues to now.
const firstNow = Date.now() - 3 * DAY;

let h: Harness;
let relay: OutboxRelay;
let consumer: TripsConsumer;
const devices: DemoDevice[] = [];

async function eventually(check: () => Promise<boolean>, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

async function counts() {
  const [row] = await h.db.sql`
    SELECT (SELECT count(*)::int FROM positions) AS positions,
           (SELECT count(*)::int FROM parcels) AS parcels,
           (SELECT count(*)::int FROM tracking_events) AS events,
           (SELECT count(*)::int FROM imports) AS imports`;
  return row as { positions: number; parcels: number; events: number; imports: number };
}

before(async () => {
  h = await createHarness();
  const log = h.openLog();
  relay = new OutboxRelay(h.db.sql, log, { pollMs: 100, splitters: gpsSplitters });
  consumer = new TripsConsumer({
    sql: h.db.sql,
    log,
    timeZone: 'America/Sao_Paulo',
    flushEveryMs: 3_600_000,
  });
  await relay.start();
  await consumer.start();
  // Two vans of the demo fleet (different depots, one of them a speeder), each in a vehicle.
  for (const index of [0, 2]) {
    const identifier = `demo-van-${index}`;
    await h.device(identifier, 'json');
    const [v] = await h.db.sql`
      INSERT INTO vehicles (source, external_id, description) VALUES ('manual', ${identifier}, ${identifier})
      RETURNING id`;
    await h.db.sql`UPDATE devices SET vehicle_id = ${v.id} WHERE identifier = ${identifier}`;
    devices.push({ identifier, index });
  }
});
after(async () => {
  await consumer?.stop();
  await relay?.stop();
  await h?.close();
});

test('the first start seeds 90 days of positions, trips and parcels behind every period preset', async () => {
  const result = await seedDemoHistory(h.db.sql, { devices, historyDays: 90, now: firstNow });
  assert.ok(result.fleet && result.fleet.positions > 10_000, `positions: ${result.fleet?.positions}`);
  assert.ok(result.parcels && result.parcels.parcels > 1000, `parcels: ${result.parcels?.parcels}`);

  const [span] = await h.db.sql`
    SELECT min(fixed_at) AS first, max(fixed_at) AS last,
           count(DISTINCT (fixed_at AT TIME ZONE 'America/Sao_Paulo')::date)::int AS days
    FROM positions`;
  assert.ok((span.first as Date).getTime() >= firstNow - 90 * DAY - DAY, 'nothing before the span');
  assert.ok((span.last as Date).getTime() < firstNow, 'nothing after the simulated now');
  // Every weekday and Saturday of 13 weeks, and some Sundays.
  assert.ok(span.days >= 75, `days with positions: ${span.days}`);

  // Every fix lies in greater São Paulo, on the way between the demo's real places.
  const places = [...DEPOTS, ...STOPS];
  const [box] = await h.db.sql`
    SELECT min(lat_e7) / 1e7 AS south, max(lat_e7) / 1e7 AS north, min(lon_e7) / 1e7 AS west,
           max(lon_e7) / 1e7 AS east FROM positions`;
  assert.ok(box.south >= Math.min(...places.map((p) => p.latitude)) - 0.05);
  assert.ok(box.north <= Math.max(...places.map((p) => p.latitude)) + 0.05);
  assert.ok(box.west >= Math.min(...places.map((p) => p.longitude)) - 0.05);
  assert.ok(box.east <= Math.max(...places.map((p) => p.longitude)) + 0.05);

  // The positions went through the outbox: the trips consumer derives trips, stops and daily summaries.
  const derived = await eventually(async () => {
    const [{ n }] = await h.db.sql`SELECT count(*)::int AS n FROM outbox`;
    const [{ lag }] = [{ lag: (await h.openLog().lag('trips', 'positions')).total }];
    return n === 0 && lag === 0;
  }, 300_000);
  assert.ok(derived, 'the event log delivered every seeded position to the trips consumer');
  const [trips] = await h.db.sql`
    SELECT count(*)::int AS trips,
           count(DISTINCT (started_at AT TIME ZONE 'America/Sao_Paulo')::date)::int AS days,
           max(max_speed_kmh) AS fastest
    FROM trips WHERE source = 'device'`;
  assert.ok(trips.days >= 70, `days with trips: ${trips.days}`);
  assert.ok(trips.trips >= 2 * trips.days, `trips: ${trips.trips} over ${trips.days} days`);
  assert.ok(Number(trips.fastest) > 90, 'the speeder shows above 90 km/h');
  const [{ stops }] = await h.db.sql`SELECT count(*)::int AS stops FROM stops`;
  assert.ok(stops > trips.days, `stops: ${stops}`);
  const [{ summaries }] = await h.db.sql`
    SELECT count(DISTINCT day)::int AS summaries FROM daily_summaries WHERE subject = 'vehicle'`;
  assert.ok(summaries >= 70, `days with a daily summary: ${summaries}`);

  // Each preset of the period picker finds data: last 7, 30 and 90 days and the previous month.
  const today = localDayOf(firstNow);
  const monthStart = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;
  const previous = today.month === 1 ? [today.year - 1, 12] : [today.year, today.month - 1];
  const presets: Array<[string, string, string]> = [
    ['last 7 days', `${new Date(firstNow - 7 * DAY).toISOString()}`, new Date(firstNow).toISOString()],
    ['last 30 days', `${new Date(firstNow - 30 * DAY).toISOString()}`, new Date(firstNow).toISOString()],
    ['last 90 days', `${new Date(firstNow - 89 * DAY).toISOString()}`, new Date(firstNow).toISOString()],
    [
      'previous month',
      `${monthStart(previous[0] as number, previous[1] as number)}T03:00:00Z`,
      `${monthStart(today.year, today.month)}T03:00:00Z`,
    ],
  ];
  for (const [name, from, to] of presets) {
    const [row] = await h.db.sql`
      SELECT (SELECT count(*)::int FROM trips WHERE started_at >= ${from} AND started_at < ${to}) AS trips,
             (SELECT count(*)::int FROM parcels WHERE posted_at >= ${from} AND posted_at < ${to}) AS parcels,
             (SELECT count(*)::int FROM tracking_events WHERE occurred_at >= ${from} AND occurred_at < ${to}) AS events`;
    assert.ok(row.trips > 0 && row.parcels > 0 && row.events > 0, `${name}: ${JSON.stringify(row)}`);
  }

  // Parcels in every category the KPIs count.
  const [kpi] = await h.db.sql`
    SELECT count(*) FILTER (WHERE status = 'delivered' AND delivered_at <= expected_at)::int AS on_time,
           count(*) FILTER (WHERE status = 'delivered' AND delivered_at > expected_at)::int AS delivered_late,
           count(*) FILTER (WHERE status NOT IN ('delivered', 'returned', 'lost') AND expected_at < ${new Date(firstNow)})::int AS delayed,
           count(*) FILTER (WHERE status IN ('posted', 'in_transit', 'out_for_delivery') AND expected_at >= ${new Date(firstNow)})::int AS in_transit,
           count(*) FILTER (WHERE status = 'awaiting_pickup')::int AS awaiting_pickup,
           count(*) FILTER (WHERE status = 'delivery_failed')::int AS delivery_failed,
           count(*) FILTER (WHERE status = 'returned')::int AS returned,
           count(*) FILTER (WHERE status = 'lost')::int AS lost,
           count(*) FILTER (WHERE status IS NULL)::int AS without_status,
           count(*) FILTER (WHERE sender_city IS NULL OR expected_at IS NULL)::int AS without_master_data
    FROM parcels`;
  for (const [category, n] of Object.entries(kpi))
    if (category !== 'without_master_data' && category !== 'delivery_failed')
      assert.ok((n as number) > 0, `parcels ${category}: ${JSON.stringify(kpi)}`);
  assert.equal(kpi.without_master_data, 0, 'every demo parcel came with its master data');
});

test('a second start adds nothing, and a later one continues from where the clock stopped', async () => {
  const before = await counts();
  const again = await seedDemoHistory(h.db.sql, { devices, historyDays: 90, now: firstNow });
  assert.equal(again.fleet?.positions, 0);
  assert.equal(again.parcels?.parcels, 0);
  assert.equal(again.parcels?.events, 0);
  assert.deepEqual(await counts(), before, 'nothing was added, not even an empty import');

  const now = Date.now();
  const later = await seedDemoHistory(h.db.sql, { devices, historyDays: 90, now });
  const [added] = await h.db.sql`
    SELECT count(*)::int AS n, min(fixed_at) AS first FROM positions WHERE fixed_at >= ${new Date(firstNow)}`;
  assert.equal(added.n, later.fleet?.positions, 'only the days since the last run were seeded');
  const after = await counts();
  assert.ok(after.parcels > before.parcels && after.events > before.events, 'parcels moved on');
  assert.equal(after.imports, before.imports + 1, 'one import for the parcels posted since');
  const [{ duplicates }] = await h.db.sql`
    SELECT count(*)::int AS duplicates FROM (
      SELECT tracking_code, status, occurred_at FROM tracking_events GROUP BY 1, 2, 3 HAVING count(*) > 1) d`;
  assert.equal(duplicates, 0);
  const clock = await readDemoClock(h.db.sql);
  assert.equal(clock.get('fleet')?.until.getTime(), now);
  assert.equal(clock.get('parcels')?.until.getTime(), now);
  assert.ok((clock.get('fleet')?.from.getTime() ?? 0) <= firstNow - 90 * DAY);
});
