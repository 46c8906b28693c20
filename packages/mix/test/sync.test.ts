import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runMixSync } from '../src';
import { createHarness, type Harness } from './helpers';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

test('full sync stores every driver, vehicle and event type with exact ids; a re-sync updates in place', async () => {
  const client = await h.client();
  const first = await runMixSync(h.db.sql, client);
  assert.equal(first.status, 'succeeded');
  const { fleet } = h.sim;
  const drivers = await h.db.sql<
    { external_id: string; name: string }[]
  >`SELECT external_id, name FROM drivers`;
  assert.deepEqual(
    drivers.map((d) => d.external_id).sort(),
    fleet.drivers.map((d) => d.DriverId.toString()).sort(),
  );
  const sample =
    fleet.drivers.find((d) => d.DriverId < 0n && d.DriverId.toString().length === 20) ?? fleet.drivers[0];
  assert.equal(
    drivers.find((d) => d.external_id === sample.DriverId.toString())?.name,
    sample.Name,
    'accents kept',
  );
  const [{ vehicles }] = await h.db
    .sql`SELECT count(*)::int AS vehicles FROM vehicles WHERE registration_number IS NOT NULL`;
  assert.equal(vehicles, fleet.assets.length);
  const [{ types }] = await h.db.sql`SELECT count(*)::int AS types FROM event_types WHERE source = 'mix'`;
  assert.equal(types, fleet.libraryEvents.length);

  // An admin marks an infraction; the next sync must not undo it.
  const typeId = fleet.libraryEvents[0].EventTypeId.toString();
  await h.db
    .sql`UPDATE event_types SET is_infraction = true, severity = 'grave' WHERE external_id = ${typeId}`;
  const second = await runMixSync(h.db.sql, client);
  assert.equal(second.inserted, 0);
  assert.equal(second.duplicates, first.inserted);
  const [type] = await h.db
    .sql`SELECT is_infraction, severity FROM event_types WHERE external_id = ${typeId}`;
  assert.deepEqual({ ...type }, { is_infraction: true, severity: 'grave' });
});
