import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSql, migrate, type Sql } from '@pioneira/db';
import { testEnv, uniqueName } from '@pioneira/testing';

let sql: Sql;
let vehicle: string;
let [ana, bruno]: string[] = [];

before(async () => {
  sql = createSql(testEnv().databaseUrl, { max: 2 });
  await migrate(sql);
  const tag = uniqueName('asg');
  [{ id: vehicle }] = await sql`INSERT INTO vehicles (source, external_id, description)
    VALUES ('manual', ${tag}, 'Assignment test truck') RETURNING id::text`;
  const drivers = await sql`INSERT INTO drivers (external_id, name)
    VALUES (${`${tag}-a`}, 'Ana Assignment'), (${`${tag}-b`}, 'Bruno Assignment') RETURNING id::text`;
  [ana, bruno] = drivers.map((d) => d.id as string);
});
after(() => sql.end());

const driverAt = async (at: string) =>
  (await sql`SELECT assigned_driver(${vehicle}::int8, ${at}::timestamptz)::text AS d`)[0].d;

test('a vehicle has one assignment per source at a time, and the vendor record wins', async () => {
  await sql`INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, starts_at, ends_at)
    VALUES (${vehicle}, ${ana}, '2026-11-01T08:00Z', '2026-11-01T18:00Z')`;
  await assert.rejects(
    sql`INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, starts_at)
      VALUES (${vehicle}, ${bruno}, '2026-11-01T17:00Z')`,
    /vehicle_driver_assignments_no_overlap/,
  );
  await sql`INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, starts_at)
    VALUES (${vehicle}, ${bruno}, '2026-11-01T18:00Z')`;
  assert.equal(await driverAt('2026-11-01T07:59Z'), null);
  assert.equal(await driverAt('2026-11-01T12:00Z'), ana);
  assert.equal(await driverAt('2026-11-01T18:00Z'), bruno, 'an end is exclusive');
  await sql`INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, source, starts_at, ends_at, external_id)
    VALUES (${vehicle}, ${bruno}, 'mix', '2026-11-01T10:00Z', '2026-11-01T11:00Z', ${uniqueName('trip')})`;
  assert.equal(await driverAt('2026-11-01T10:30Z'), bruno, 'MiX trip driver wins over the manual record');
  assert.equal(await driverAt('2026-11-01T11:30Z'), ana);
  await assert.rejects(
    sql`INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, starts_at, ends_at)
      VALUES (${vehicle}, ${ana}, '2026-11-02T10:00Z', '2026-11-02T09:00Z')`,
    /vehicle_driver_assignments_period/,
  );
});
