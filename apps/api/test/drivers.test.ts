import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addEvent, seedFleet } from './fleet-fixtures';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let viewer: string;
let fleet: Awaited<ReturnType<typeof seedFleet>>;
const JOAO = '-5714153672471940592';
const SPEEDING = '-614457561876096876';
const BRAKING = '-9050647299058098294';
const PHONE = '-7000000000000000001';
const IGNITION = '-7000000000000000003';

before(async () => {
  api = await createTestApi();
  viewer = (await api.login('viewer')).token;
  fleet = await seedFleet(api.db.sql);
});
after(() => api.close());

const get = (url: string) => api.app.inject({ method: 'GET', url, headers: bearer(viewer) });
const names = async (url: string) => (await get(url)).json().items.map((d: { name: string }) => d.name);

describe('driver search', () => {
  test('"joao" finds João, accents and case ignored: names starting with it first, then a word, then similar', async () => {
    const found = await names('/api/drivers?search=joao');
    assert.deepEqual(found.slice(0, 3), ['João Gonçalves', 'Joãozinho Araújo', 'Mário João Simões']);
    assert.ok(!found.includes('Conceição Magalhães'));
  });

  test('an exact name comes first; a typo still finds the driver', async () => {
    assert.equal(
      (await names(`/api/drivers?search=${encodeURIComponent('JOÃO GONÇALVES')}`))[0],
      'João Gonçalves',
    );
    assert.equal((await names('/api/drivers?search=conceicao magalhaes'))[0], 'Conceição Magalhães');
    assert.equal((await names('/api/drivers?search=magalaes'))[0], 'Conceição Magalhães');
  });

  test('by employee number, and the 64-bit MiX id comes back exact', async () => {
    const res = (await get('/api/drivers?search=1508')).json();
    assert.equal(res.items[0].name, 'João Gonçalves');
    assert.equal(res.items[0].externalId, JOAO);
    assert.equal((await names('/api/drivers?search=a-77'))[0], 'Ana Lúcia Brandão');
  });

  test('pagination has a total and stays in bounds', async () => {
    const first = (await get('/api/drivers?pageSize=2&page=1&sort=name')).json();
    assert.equal(first.total, 6);
    assert.deepEqual(
      first.items.map((d: { name: string }) => d.name),
      ['Ana Lúcia Brandão', 'Conceição Magalhães'],
    );
    const third = (await get('/api/drivers?pageSize=2&page=3&sort=name')).json();
    assert.equal(third.items.length, 2);
    const beyond = (await get('/api/drivers?pageSize=2&page=9')).json();
    assert.deepEqual([beyond.items.length, beyond.total], [0, 6]);
    assert.equal((await get('/api/drivers?page=0')).statusCode, 400);
    assert.equal((await get('/api/drivers?pageSize=1000')).statusCode, 400);
    const none = (await get('/api/drivers?search=zzzzqqq')).json();
    assert.deepEqual([none.items.length, none.total], [0, 0]);
  });

  test('a driver page has summary counts; an unknown driver is 404, a malformed id 400', async () => {
    await addEvent(api.db.sql, {
      driver: JOAO,
      type: SPEEDING,
      at: new Date(Date.now() - 86_400_000).toISOString(),
      speed: 97,
      limit: 80,
    });
    const res = await get(`/api/drivers/${fleet.driverId(JOAO)}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().summary.infractions30d, 1);
    assert.equal(res.json().summary.recentVehicles[0].plate, 'BRA2E19');
    assert.equal((await get('/api/drivers/999999')).statusCode, 404);
    assert.equal((await get('/api/drivers/abc')).statusCode, 400);
  });
});

describe('infractions of a driver', () => {
  const driver = '-1000000000000000003';
  before(async () => {
    const sql = api.db.sql;
    // 2026-03-01T02:30Z is still 28 February (23:30) in São Paulo.
    await addEvent(sql, { driver, type: SPEEDING, at: '2026-03-01T02:30:00Z', speed: 92.4, limit: 80 });
    await addEvent(sql, { driver, type: BRAKING, at: '2026-03-01T12:00:00Z' });
    await addEvent(sql, { driver, type: PHONE, at: '2026-03-02T02:59:59Z', vehicle: '-3456789012345678913' });
    await addEvent(sql, { driver, type: IGNITION, at: '2026-03-01T13:00:00Z' });
    await addEvent(sql, { driver, type: SPEEDING, at: '2026-03-02T03:00:00Z' });
  });
  const url = (q: string) => `/api/drivers/${fleet.driverId(driver)}/infractions?${q}`;

  test('a local day in America/Sao_Paulo differs from the same day in UTC', async () => {
    const sp = (await get(url('from=2026-03-01&to=2026-03-01&tz=America/Sao_Paulo'))).json();
    assert.deepEqual(
      sp.items.map((i: { type: { label: string } }) => i.type.label),
      ['Uso de celular ao volante', 'Frenagem brusca'],
    );
    assert.equal(sp.period.from, '2026-03-01T03:00:00.000Z');
    assert.equal(sp.period.to, '2026-03-02T03:00:00.000Z');
    const utc = (await get(url('from=2026-03-01&to=2026-03-01&tz=UTC'))).json();
    assert.deepEqual(
      utc.items.map((i: { startedAt: string }) => i.startedAt),
      ['2026-03-01T12:00:00.000Z', '2026-03-01T02:30:00.000Z'],
    );
  });

  test('only infraction types count, newest first, with what the form needs and the summary', async () => {
    const res = (await get(url('from=2026-02-20&to=2026-03-10'))).json();
    assert.equal(res.total, 4, 'ignition is not an infraction');
    const [phone, braking, speeding] = res.items.slice(1);
    assert.equal(res.items[0].startedAt, '2026-03-02T03:00:00.000Z');
    assert.equal(phone.type.severity, 'gravissima');
    assert.equal(phone.vehicle.plate, 'RIO4F56');
    assert.equal(braking.type.severity, 'media');
    assert.deepEqual([speeding.speedKmh, speeding.speedLimitKmh, speeding.durationSeconds], [92.4, 80, 12]);
    assert.deepEqual([speeding.latitude, speeding.longitude], [-23.55, -46.63]);
    assert.deepEqual(res.summary.bySeverity, { leve: 0, media: 1, grave: 2, gravissima: 1 });
    assert.equal(res.summary.points, 4 + 5 * 2 + 7);
  });

  test('filters by severity and by type', async () => {
    const grave = (await get(url('from=2026-02-20&to=2026-03-10&severity=grave'))).json();
    assert.equal(grave.total, 2);
    const phone = (await get(url(`from=2026-02-20&to=2026-03-10&types=${PHONE}`))).json();
    assert.equal(phone.total, 1);
  });

  test('malformed or reversed periods are 400 with a message', async () => {
    for (const q of [
      'from=2026-13-45',
      'from=yesterday',
      'from=2026-03-10&to=2026-03-01',
      'tz=Mars/Olympus',
      'severity=fatal',
    ]) {
      const res = await get(url(q));
      assert.equal(res.statusCode, 400, q);
      assert.ok(res.json().error.message.length > 10, q);
    }
    assert.equal((await get('/api/drivers/424242/infractions')).statusCode, 404);
  });

  test('the CSV export lists the same rows with local times', async () => {
    const res = await get(
      `/api/drivers/${fleet.driverId(driver)}/infractions.csv?from=2026-02-20&to=2026-03-10`,
    );
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/csv/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0], /^Data início;Hora início;Data fim;Hora fim;/);
    // Date and time in their own columns, decimals with commas: a Brazilian spreadsheet reads them.
    assert.match(
      lines[4],
      /^28\/02\/2026;23:30:00;28\/02\/2026;23:30:12;12;Excesso de velocidade;Grave;92,4;80;-23,55;-46,63;/,
    );
  });

  test('the CSV export neutralises cells a spreadsheet would run as formulas', async () => {
    await api.db.sql`UPDATE event_types SET label = '=HYPERLINK("http://evil.example","x")'
                     WHERE external_id = '-614457561876096876'`;
    await api.db.sql`UPDATE vehicles SET description = '@SUM(1+1)', registration_number = '+BRA2E19'
                     WHERE external_id = '-3456789012345678912'`;
    try {
      const res = await get(
        `/api/drivers/${fleet.driverId(driver)}/infractions.csv?from=2026-02-20&to=2026-03-10`,
      );
      const cells = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1)
        .flatMap((line) => line.split(';'))
        .map((c) => c.replace(/^"/, ''));
      assert.ok(
        cells.some((c) => c.includes('HYPERLINK')),
        'the label is exported',
      );
      for (const c of cells) assert.doesNotMatch(c, /^[=+@\t\r]/, `a live formula cell: ${c}`);
      assert.ok(
        cells.some((c) => c === '-23,55'),
        'negative numbers stay numbers',
      );
    } finally {
      await api.db.sql`UPDATE event_types SET label = NULL WHERE external_id = '-614457561876096876'`;
      await api.db.sql`UPDATE vehicles SET description = 'Volvo FH 540', registration_number = 'BRA2E19'
                       WHERE external_id = '-3456789012345678912'`;
    }
  });

  test('the ranking orders drivers by infraction points', async () => {
    const res = (await get('/api/rankings/drivers?from=2026-02-20&to=2026-03-10')).json();
    assert.equal(res.items[0].driver.name, 'Conceição Magalhães');
    assert.equal(res.items[0].score, 21);
    assert.equal(res.items[0].position, 1);
    assert.equal(res.items[0].derived, 0, 'MiX events only here: none derived by the rules');
  });
});

test('vehicles are searchable by plate with or without the hyphen', async () => {
  const res = (await get('/api/vehicles?search=bra-2e19')).json();
  assert.equal(res.items.length, 1);
  assert.equal(res.items[0].plate, 'BRA2E19');
  assert.equal((await get(`/api/vehicles/${res.items[0].id}`)).json().description, 'Volvo FH 540');
  assert.equal((await get('/api/vehicles/31337')).statusCode, 404);
});

test('a search can be sorted by name either way or by employee number, paging included', async () => {
  const q = (sort: string, page = 1) => names(`/api/drivers?search=jo&sort=${sort}&pageSize=2&page=${page}`);
  assert.deepEqual(await q('name'), ['Joana Prado', 'João Gonçalves']);
  assert.deepEqual(await q('-name'), ['Mário João Simões', 'Joãozinho Araújo']);
  assert.deepEqual(
    [...(await q('employeeNumber')), ...(await q('employeeNumber', 2))],
    ['João Gonçalves', 'Joãozinho Araújo', 'Mário João Simões', 'Joana Prado'],
  );
});
