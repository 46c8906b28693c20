import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DriverProjection, FleetService } from '@pioneira/domain';
import { bearer, createTestApi, type TestApi } from './helpers';

// The driver search answered from the api's in-memory projection must be the SQL search's answer,
// word for word: same drivers, same order, same totals, for every sort, page and system filter; and
// a change committed anywhere is in the next answer.
let api: TestApi;
let viewer: string;
let projection: DriverProjection;
let withProjection: FleetService;
let sqlOnly: FleetService;

const FIRST = [
  'João',
  'José',
  'Joana',
  'Maria',
  'Márcio',
  'Ana',
  'Antônio',
  'Francisco',
  'Lúcia',
  'Benedito',
];
const LAST = ['Silva', 'Silveira', 'Souza', 'Sousa', 'Lopes', 'Lopez', 'Guimarães', 'Rodrigues', 'Prado'];

before(async () => {
  api = await createTestApi();
  viewer = (await api.login('viewer')).token;
  const rows = [];
  for (let i = 0; i < 400; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}${i % 3 === 0 ? ` ${LAST[i % LAST.length]}` : ''}`;
    rows.push({
      external_id: `p-${i}`,
      name,
      employee_number: i % 5 === 0 ? null : `MX-${String(10_000 + i * 37).padStart(6, '0')}`,
      is_system_driver: i % 50 === 0,
    });
  }
  rows.push({ external_id: 'p-unknown', name: 'Unknown', employee_number: null, is_system_driver: false });
  rows.push({ external_id: 'p-exact', name: 'Lopes', employee_number: 'LOPES', is_system_driver: false });
  rows.push({
    external_id: 'p-word',
    name: 'Ana João Silva',
    employee_number: null,
    is_system_driver: false,
  });
  await api.db.sql`INSERT INTO drivers ${api.db.sql(rows)}`;
  projection = new DriverProjection(api.db.sql);
  await projection.start();
  withProjection = new FleetService(api.db.sql, projection);
  sqlOnly = new FleetService(api.db.sql);
});
after(async () => {
  await projection.stop();
  await api.close();
});

async function current() {
  const [{ v }] = await api.db.sql`SELECT version::text AS v FROM driver_search_version`;
  const deadline = Date.now() + 15_000;
  while (projection.version !== BigInt(v)) {
    if (Date.now() > deadline) throw new Error('the projection never caught up');
    await projection.settled();
    await new Promise((r) => setImmediate(r));
  }
}

const TERMS = [
  'joao',
  'joao sil',
  'jose lopes',
  'lopes',
  'LOPES',
  'silv',
  'Guimarais', // a typo
  'rodriges silva',
  'benedto',
  'frncisco souza',
  'mx-0',
  '0103',
  'mx',
  'ana',
  'lu',
  'zzzzqqq',
  'ç',
  '%',
  '-',
  'unknown',
];
const SORTS = ['relevance', 'name', '-name', 'employeeNumber', '-employeeNumber'] as const;
const SYSTEMS = ['exclude', 'include', 'only'] as const;

test('every term, sort, page and system filter answers as the SQL search does', async () => {
  await current();
  assert.ok(projection.index.size >= 403);
  // The answers below come from the projection (the same statement confirms its version).
  const [{ v }] = await api.db.sql`SELECT version::text AS v FROM driver_search_version`;
  assert.equal(projection.version, BigInt(v));
  assert.deepEqual(
    projection.index.search('joao sil', 'relevance', { page: 1, pageSize: 50 }, 'exclude').ids,
    (await sqlOnly.searchDrivers('joao sil', 'relevance', { page: 1, pageSize: 50 })).items.map((d) => d.id),
  );
  for (const term of TERMS)
    for (const sort of SORTS)
      for (const system of SYSTEMS)
        for (const page of [
          { page: 1, pageSize: 20 },
          { page: 2, pageSize: 20 },
          { page: 1, pageSize: 200 },
        ]) {
          const expected = await sqlOnly.searchDrivers(term, sort, page, system);
          const actual = await withProjection.searchDrivers(term, sort, page, system);
          const what = `${term} / ${sort} / ${system} / page ${page.page} of ${page.pageSize}`;
          assert.deepEqual(actual, expected, what);
          // And from the index itself, whichever path the service took.
          assert.deepEqual(
            projection.index.search(term, sort, page, system),
            { ids: expected.items.map((d) => d.id), total: expected.total },
            what,
          );
        }
});

test('a change committed anywhere is in the next answer, and the projection follows it', async () => {
  await current();
  const [driver] = await api.db.sql`SELECT id FROM drivers WHERE external_id = 'p-1'`;
  // Another process (plain SQL here) renames the driver: the very next search already sees it.
  await api.db.sql`UPDATE drivers SET name = 'Zacarias Quintino' WHERE id = ${driver.id}`;
  const next = await withProjection.searchDrivers('zacarias', 'relevance', { page: 1, pageSize: 20 });
  assert.deepEqual(
    next.items.map((d) => d.name),
    ['Zacarias Quintino'],
  );
  await current();
  assert.deepEqual(
    (await withProjection.searchDrivers('zacarias quint', 'relevance', { page: 1, pageSize: 20 })).items.map(
      (d) => d.id,
    ),
    [String(driver.id)],
  );
  assert.equal(
    (await withProjection.searchDrivers('zacarias', 'relevance', { page: 1, pageSize: 20 }, 'only')).total,
    0,
  );
  // Deleted, and many at once (one notice for the lot): still the SQL's answer.
  await api.db.sql`DELETE FROM drivers WHERE id = ${driver.id}`;
  assert.equal(
    (await withProjection.searchDrivers('zacarias', 'relevance', { page: 1, pageSize: 20 })).total,
    0,
  );
  await api.db.sql`UPDATE drivers SET system_override = true WHERE name LIKE 'Ana %'`;
  await current();
  for (const system of SYSTEMS)
    assert.deepEqual(
      await withProjection.searchDrivers('ana', 'relevance', { page: 1, pageSize: 50 }, system),
      await sqlOnly.searchDrivers('ana', 'relevance', { page: 1, pageSize: 50 }, system),
    );
});

test('searches racing writes never answer with a driver the database no longer has under that name', async () => {
  await current();
  const ids = (await api.db.sql`SELECT id FROM drivers WHERE name LIKE 'Maria %' ORDER BY id LIMIT 10`).map(
    (r) => String(r.id),
  );
  const writes = (async () => {
    for (const [i, id] of ids.entries())
      await api.db.sql`UPDATE drivers SET name = ${`Renomeada ${i}`} WHERE id = ${id}`;
  })();
  const searches = Array.from({ length: 30 }, async () => {
    const page = await withProjection.searchDrivers('maria', 'relevance', { page: 1, pageSize: 200 });
    for (const d of page.items) assert.match(d.name, /^Maria /, `found ${d.name} searching "maria"`);
  });
  await Promise.all([writes, ...searches]);
  await current();
  assert.equal(
    (await withProjection.searchDrivers('renomeada', 'relevance', { page: 1, pageSize: 20 })).total,
    ids.length,
  );
});

test('the HTTP search still checks its input and who asks', async () => {
  const long = await api.app.inject({
    method: 'GET',
    url: `/api/drivers?search=${'a'.repeat(500)}`,
    headers: bearer(viewer),
  });
  assert.equal(long.statusCode, 400);
  assert.equal((await api.app.inject({ method: 'GET', url: '/api/drivers?search=ana' })).statusCode, 401);
  const ok = await api.app.inject({ method: 'GET', url: '/api/drivers?search=ana', headers: bearer(viewer) });
  assert.equal(ok.statusCode, 200);
});
