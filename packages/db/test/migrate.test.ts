import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSql, listMigrations, migrate } from '@pioneira/db';
import { testEnv, uniqueName } from '@pioneira/testing';

test('migrations apply once, in order, even when several processes race', async () => {
  const env = testEnv();
  const name = uniqueName('mig');
  const admin = createSql(env.databaseUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(env.databaseUrl);
  url.pathname = `/${name}`;
  const pools = [
    createSql(url.toString(), { max: 2 }),
    createSql(url.toString(), { max: 2 }),
    createSql(url.toString(), { max: 2 }),
  ];
  try {
    const results = await Promise.all(pools.map((sql) => migrate(sql)));
    const all = listMigrations().map((m) => m.file);
    assert.deepEqual(results.flat().sort(), all, 'each migration applied by exactly one process');
    const rows = await pools[0]`SELECT file FROM schema_migrations ORDER BY version`;
    assert.deepEqual(
      rows.map((r) => r.file),
      all,
    );
    assert.deepEqual(await migrate(pools[0]), []);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
});
