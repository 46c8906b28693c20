import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DecodedPosition } from '@pioneira/protocols';
import { GroupCommit } from '../src/ingest/group-commit';
import { type PositionRow, toRow } from '../src/ingest/position-row';
import { writePositions } from '../src/ingest/positions.writer';
import { createHarness, type Harness } from './harness';

// Concurrent requests share one INSERT (group commit): one sender's row that PostgreSQL refuses must
// not fail the others' requests.
let h: Harness;
before(async () => {
  h = await createHarness();
});
after(async () => h.close());

const base = Date.now() - 3_600_000;
const fix = (identifier: string, second: number, attributes = {}): DecodedPosition => ({
  deviceIdentifier: identifier,
  fixedAt: new Date(base + second * 1000),
  latitude: -23.55,
  longitude: -46.63,
  speedKmh: 40,
  course: 90,
  altitude: null,
  accuracy: null,
  attributes,
});
const count = async () => (await h.db.sql`SELECT count(*)::int AS n FROM positions`)[0].n as number;

test('a poison row that got past validation fails only its own submission; every good one is stored and acknowledged', async () => {
  const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => h.device(`good-${i}`)));
  const [{ num: poisonNum }] = await h.db.sql`
    INSERT INTO devices (identifier, name, protocol) VALUES ('poison', 'poison', 'osmand') RETURNING num`;
  const nums = await h.db.sql<{ num: number }[]>`SELECT num FROM devices WHERE id = ANY(${ids}) ORDER BY num`;
  const isolated: unknown[] = [];
  const commits = new GroupCommit((rows, owners) => writePositions(h.db.sql, rows, owners), {
    maxQueuedPositions: 10_000,
    maxBatchPositions: 10_000,
    concurrency: 1,
    onIsolated: (error) => isolated.push(error),
  });
  // Injected below the decoders and the ingest checks: PostgreSQL refuses \u0000 in jsonb.
  const poison: PositionRow = { ...toRow(poisonNum, fix('poison', 0)), attributes: '{"note":"a\\u0000b"}' };
  // Submitted in one turn of the event loop, so they share one group (one INSERT).
  const good = nums.map(({ num }, i) => commits.submit([toRow(num, fix(`good-${i}`, i))]));
  const bad = commits.submit([poison]);
  const more = nums.map(({ num }, i) => commits.submit([toRow(num, fix(`good-${i}`, 100 + i))]));
  const results = await Promise.allSettled([...good, bad, ...more]);
  const rejected = results.filter((r) => r.status === 'rejected');
  assert.equal(rejected.length, 1, 'only the poison submission fails');
  assert.equal(results[good.length].status, 'rejected');
  for (const result of results)
    if (result.status === 'fulfilled') assert.deepEqual(result.value, { accepted: 1, duplicates: 0 });
  assert.equal(await count(), 40, 'every good position is stored, the poison is not');
  assert.equal(isolated.length, 1, 'the isolated poison is reported');
});
