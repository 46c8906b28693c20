import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addEvent } from './fleet-fixtures';
import { bearer, createTestApi, type TestApi } from './helpers';

// Names as they appear in a Brazilian fleet, with the typos a fleet manager makes when typing them.
let api: TestApi;
let viewer: string;
const SPEEDING = '-614457561876096876';

before(async () => {
  api = await createTestApi();
  viewer = (await api.login('viewer')).token;
  const drivers: Array<[string, string, string | null, boolean]> = [
    ['-2000000000000000001', 'Francisco Benedito Rodrigues', 'MX013920', false],
    ['-2000000000000000002', 'Benedito Guimarães', 'MX020011', false],
    ['-2000000000000000003', 'José Lopes', '4410', false],
    ['-2000000000000000004', 'Otávio Lopes Lopes', '4411', false],
    ['-2000000000000000005', 'José Lopes da Silva', '4412', false],
    ['-2000000000000000006', 'Lopes Neto', '4413', false],
    ['-2000000000000000007', 'Ana Lopez', '4414', false],
    ['-2000000000000000008', 'Lina Prado', '4415', false],
    // System drivers: MiX flags two of them; a placeholder name flags the third.
    ['0', 'Unknown', null, true],
    ['1', 'Automatically created driver 1', null, true],
    ['-2', 'Installer', null, false],
  ];
  for (const [externalId, name, employee, system] of drivers)
    await api.db.sql`INSERT INTO drivers (external_id, name, employee_number, is_system_driver)
                     VALUES (${externalId}, ${name}, ${employee}, ${system})`;
  await api.db
    .sql`INSERT INTO vehicles (external_id, description) VALUES ('-3456789012345678912', 'Volvo FH 540')`;
  await api.db
    .sql`INSERT INTO event_types (external_id, description) VALUES (${SPEEDING}, 'Excesso de velocidade')`;
});
after(() => api.close());

const get = (url: string) => api.app.inject({ method: 'GET', url, headers: bearer(viewer) });
const names = async (url: string): Promise<string[]> =>
  (await get(url)).json().items.map((d: { name: string }) => d.name);
const search = (term: string, extra = '') => names(`/api/drivers?search=${encodeURIComponent(term)}${extra}`);

describe('driver search forgives typos word by word', () => {
  test('a misspelt first name, middle name or surname finds its driver', async () => {
    assert.deepEqual(await search('Frnacisco'), ['Francisco Benedito Rodrigues']);
    assert.deepEqual(await search('Rodriges'), ['Francisco Benedito Rodrigues']);
    assert.deepEqual(await search('Guimarais'), ['Benedito Guimarães']);
    assert.deepEqual((await search('Benedto')).sort(), [
      'Benedito Guimarães',
      'Francisco Benedito Rodrigues',
    ]);
    assert.deepEqual(await search('benedto guimarais'), ['Benedito Guimarães']);
  });

  test('every word of the query must match: no unrelated people are added to a good search', async () => {
    assert.deepEqual(await search('José Lopes'), ['José Lopes', 'José Lopes da Silva']);
    assert.deepEqual(await search('jose lopes silva'), ['José Lopes da Silva']);
    assert.deepEqual(await search('zzzzqqq'), []);
  });

  test('ranked exact > prefix > word > typo', async () => {
    assert.deepEqual(await search('lopes'), [
      'Lopes Neto', // the name starts with the query
      'José Lopes', // a word starts with it (then by name)
      'José Lopes da Silva',
      'Otávio Lopes Lopes',
      'Ana Lopez', // one letter away
    ]);
    assert.deepEqual((await search('José Lopes'))[0], 'José Lopes');
  });

  test('words under five letters match by prefix only: a letter changed in a short word is another name', async () => {
    assert.deepEqual(await search('lima'), []);
    assert.deepEqual(await search('lin'), ['Lina Prado']);
  });

  test('a part of an employee number finds its driver', async () => {
    assert.deepEqual(await search('01392'), ['Francisco Benedito Rodrigues']);
    assert.deepEqual(await search('mx0'), ['Benedito Guimarães', 'Francisco Benedito Rodrigues']);
    assert.deepEqual(await search('4413'), ['Lopes Neto']);
  });

  test('the total counts the typo matches and paging stays consistent', async () => {
    const first = (await get('/api/drivers?search=lopes&pageSize=2')).json();
    assert.deepEqual(
      first.items.map((d: { name: string }) => d.name),
      ['Lopes Neto', 'José Lopes'],
    );
    assert.equal(first.total, 4, 'a full page of exact and word matches does not look for typos');
    const typo = (await get('/api/drivers?search=guimarais&pageSize=2')).json();
    assert.equal(typo.total, 1);
  });
});

describe('system drivers are not people', () => {
  test('left out of the list and the search by default, flagged when asked for', async () => {
    assert.deepEqual(await search('unknown'), []);
    assert.deepEqual(await search('installer'), []);
    const all = (await get('/api/drivers?pageSize=100')).json();
    assert.equal(all.total, 8);
    assert.ok(all.items.every((d: { isSystemDriver: boolean }) => !d.isSystemDriver));
    const only = (await get('/api/drivers?system=only&pageSize=100')).json();
    assert.deepEqual(only.items.map((d: { name: string }) => d.name).sort(), [
      'Automatically created driver 1',
      'Installer',
      'Unknown',
    ]);
    assert.ok(only.items.every((d: { isSystemDriver: boolean }) => d.isSystemDriver));
    assert.deepEqual(await search('unknown', '&system=include'), ['Unknown']);
    assert.equal((await get('/api/drivers?system=maybe')).statusCode, 400);
  });

  test('never in the ranking, however many events they carry', async () => {
    const at = '2026-03-01T12:00:00Z';
    for (let i = 0; i < 5; i++) await addEvent(api.db.sql, { driver: '0', type: SPEEDING, at, speed: 120 });
    await addEvent(api.db.sql, { driver: '-2', type: SPEEDING, at, speed: 120 });
    await addEvent(api.db.sql, { driver: '-2000000000000000003', type: SPEEDING, at, speed: 95 });
    const ranking = (await get('/api/rankings/drivers?from=2026-02-28&to=2026-03-02')).json();
    assert.deepEqual(
      ranking.items.map((r: { driver: { name: string } }) => r.driver.name),
      ['José Lopes'],
    );
    assert.equal(ranking.total, 1);
  });
});
