import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSql, listMigrations, migrate } from '@pioneira/db';
import { testEnv, uniqueName } from '@pioneira/testing';

// Migration 090 on a database that already holds positions in the old units (tenths of km/h, whole
// degrees): every row is converted, new rows keep 0.001, and a position still fits in 100 bytes.
test('migration 090 converts stored positions to km/h and degrees, and keeps the row size', async () => {
  const env = testEnv();
  const name = uniqueName('mig090');
  const admin = createSql(env.databaseUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(env.databaseUrl);
  url.pathname = `/${name}`;
  const sql = createSql(url.toString(), { max: 1 });
  try {
    // The schema as it was before 090, recorded as applied so migrate() only runs what follows.
    await sql`CREATE TABLE schema_migrations (
      version text PRIMARY KEY, file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
    for (const m of listMigrations().filter((m) => m.version < '090')) {
      await sql.unsafe(m.sql);
      await sql`INSERT INTO schema_migrations (version, file) VALUES (${m.version}, ${m.file})`;
    }
    await sql`INSERT INTO devices (identifier, name, protocol) VALUES ('old-1', 'old-1', 'json')`;
    await sql`
      INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7, speed_dkmh, course, altitude, accuracy)
      SELECT now() - i * interval '1 second', d.num, -235500000, -466300000, 741, 7, 760, 5
      FROM devices d, generate_series(1, 3) i`;
    await sql`
      INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7) SELECT now() - interval '1 minute', num, 0, 0
      FROM devices`;

    const applied = await migrate(sql);
    assert.ok(
      applied.some((f) => f.startsWith('090_')),
      `090 applied: ${applied.join(', ')}`,
    );
    const rows = await sql`SELECT speed_kmh, course FROM positions ORDER BY fixed_at DESC`;
    assert.deepEqual(
      rows.map((r) => [r.speed_kmh, r.course]),
      [
        [74.1, 7],
        [74.1, 7],
        [74.1, 7],
        [null, null],
      ],
    );
    const [{ num }] = await sql`SELECT num FROM devices`;
    await sql`
      INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7, speed_kmh, course, altitude, accuracy)
      VALUES (now() + interval '1 second', ${num}, -235500000, -466300000, 74.08, 7.199, 760, 5)`;
    const [newest] = await sql`SELECT speed_kmh, course, pg_column_size(p.*) AS bytes FROM positions p
      ORDER BY fixed_at DESC LIMIT 1`;
    assert.deepEqual([newest.speed_kmh, newest.course], [74.08, 7.199]);
    // The row's data after the 24-byte tuple header: 8 + 3 × 4 + 2 × 4 + 2 × 2 = 32 bytes, as before.
    assert.equal(newest.bytes, 56);
  } finally {
    await sql.end();
    await admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
});
