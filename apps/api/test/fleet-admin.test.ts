import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

// Fleet administration as a client sees it: manual vehicles and drivers, system drivers, dated
// vehicle↔driver assignments (overlaps refused, also under concurrency) and the current driver.
let api: TestApi;
const tokens: Record<'admin' | 'manager' | 'viewer', string> = { admin: '', manager: '', viewer: '' };
let mixVehicle: string;
let mixDriver: string;

before(async () => {
  api = await createTestApi();
  for (const role of ['admin', 'manager', 'viewer'] as const) tokens[role] = (await api.login(role)).token;
  const [v] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES ('-77', 'Scania R450', 'MIX1A23')
    RETURNING id`;
  const [d] = await api.db
    .sql`INSERT INTO drivers (external_id, name) VALUES ('-88', 'Mixsync Pereira') RETURNING id`;
  mixVehicle = String(v.id);
  mixDriver = String(d.id);
});
after(() => api.close());

type Role = keyof typeof tokens;
const call = (
  role: Role | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => api.app.inject({ method, url, headers: role ? bearer(tokens[role]) : {}, payload });

let plates = 0;
async function newVehicle(role: Role = 'manager') {
  const plate = `TST${String(++plates).padStart(4, '0')}`;
  const res = await call(role, 'POST', '/api/vehicles', {
    plate,
    description: `Truck ${plates}`,
    fleetNumber: `F-${plates}`,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; plate: string; source: string; currentDriver: unknown };
}
async function newDriver(name: string) {
  const res = await call('manager', 'POST', '/api/drivers', { name, employeeNumber: `E-${name.length}` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; name: string };
}

test('admins and managers register and edit manual vehicles; viewers only read', async () => {
  const vehicle = await newVehicle('admin');
  assert.equal(vehicle.source, 'manual');
  assert.equal(vehicle.currentDriver, null);
  const edited = await call('manager', 'PATCH', `/api/vehicles/${vehicle.id}`, {
    description: 'Volvo FH 460',
    make: 'Volvo',
  });
  assert.equal(edited.statusCode, 200, edited.body);
  assert.equal(edited.json().description, 'Volvo FH 460');
  assert.equal(edited.json().make, 'Volvo');
  assert.equal((await call('viewer', 'POST', '/api/vehicles', { description: 'x' })).statusCode, 403);
  assert.equal((await call('viewer', 'PATCH', `/api/vehicles/${vehicle.id}`, { make: 'x' })).statusCode, 403);
  assert.equal((await call(null, 'POST', '/api/vehicles', { description: 'x' })).statusCode, 401);
  assert.equal((await call('viewer', 'GET', `/api/vehicles/${vehicle.id}`)).statusCode, 200);
});

test('vehicle input is checked: MiX vehicles are not edited, plates are unique, bad fields are 400', async () => {
  const mix = await call('manager', 'PATCH', `/api/vehicles/${mixVehicle}`, { description: 'renamed' });
  assert.equal(mix.statusCode, 409);
  assert.equal(mix.json().error.code, 'vehicle_not_manual');
  const taken = await call('manager', 'POST', '/api/vehicles', { plate: 'mix-1a23', description: 'Copy' });
  assert.equal(taken.statusCode, 409);
  assert.equal(taken.json().error.code, 'plate_taken');
  for (const body of [
    {},
    { description: '' },
    { description: 'x', year: '20x4' },
    { description: 'x', plate: 'A;B' },
    { description: 'x', extra: 1 },
  ]) {
    const res = await call('manager', 'POST', '/api/vehicles', body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.ok(res.json().error.message);
  }
  assert.equal((await call('manager', 'PATCH', `/api/vehicles/${mixVehicle}`, {})).statusCode, 400);
  assert.equal((await call('manager', 'PATCH', '/api/vehicles/999999999', { make: 'x' })).statusCode, 404);
});

test('vehicles list sorts by a whitelisted column and refuses others', async () => {
  await newVehicle();
  const asc = (await call('viewer', 'GET', '/api/vehicles?sort=plate&pageSize=200'))
    .json()
    .items.map((v: { plate: string }) => v.plate);
  const desc = (await call('viewer', 'GET', '/api/vehicles?sort=-plate&pageSize=200'))
    .json()
    .items.map((v: { plate: string }) => v.plate);
  assert.deepEqual(asc, [...asc].sort());
  assert.deepEqual(desc, [...asc].reverse());
  const bad = await call('viewer', 'GET', '/api/vehicles?sort=password');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'validation_failed');
});

test('drivers: manual ones are edited, any one is marked as system or not; MiX fields are refused', async () => {
  const driver = await newDriver('Benedito Alves');
  const edited = await call('manager', 'PATCH', `/api/drivers/${driver.id}`, {
    mobileNumber: '+55 11 99999-0000',
  });
  assert.equal(edited.statusCode, 200, edited.body);
  assert.equal(edited.json().mobileNumber, '+55 11 99999-0000');
  const system = await call('admin', 'PATCH', `/api/drivers/${mixDriver}`, { system: true });
  assert.equal(system.statusCode, 200, system.body);
  assert.equal(system.json().isSystemDriver, true);
  assert.equal(system.json().systemOverride, true);
  const search = await call('viewer', 'GET', '/api/drivers?search=Mixsync');
  assert.equal(search.json().total, 0, 'a system driver is left out of the search');
  const back = await call('manager', 'PATCH', `/api/drivers/${mixDriver}`, { system: null });
  assert.equal(back.json().isSystemDriver, false);
  const mixName = await call('manager', 'PATCH', `/api/drivers/${mixDriver}`, { name: 'Renamed' });
  assert.equal(mixName.statusCode, 409);
  assert.equal(mixName.json().error.code, 'driver_not_manual');
  assert.equal(
    (await call('viewer', 'PATCH', `/api/drivers/${driver.id}`, { system: true })).statusCode,
    403,
  );
  assert.equal((await call('viewer', 'POST', '/api/drivers', { name: 'X' })).statusCode, 403);
  assert.equal(
    (await call('manager', 'PATCH', `/api/drivers/${driver.id}`, { email: 'not-an-email' })).statusCode,
    400,
  );
  assert.equal((await call('manager', 'PATCH', `/api/drivers/${driver.id}`, {})).statusCode, 400);
});

test('assigning from now closes the open assignment at that instant; the vehicle names its driver', async () => {
  const vehicle = await newVehicle();
  const ana = await newDriver('Ana Assis');
  const bruno = await newDriver('Bruno Barros');
  const first = await call('manager', 'POST', `/api/vehicles/${vehicle.id}/assignments`, {
    driverId: ana.id,
  });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().endsAt, null);
  assert.equal(
    (await call('viewer', 'GET', `/api/vehicles/${vehicle.id}`)).json().currentDriver.name,
    'Ana Assis',
  );
  const second = await call('admin', 'POST', `/api/vehicles/${vehicle.id}/assignments`, {
    driverId: bruno.id,
    note: 'troca de turno',
  });
  assert.equal(second.statusCode, 201, second.body);
  const history = (await call('viewer', 'GET', `/api/vehicles/${vehicle.id}/assignments`)).json();
  assert.equal(history.total, 2);
  assert.deepEqual(
    history.items.map((a: { driver: { name: string } }) => a.driver.name),
    ['Bruno Barros', 'Ana Assis'],
  );
  assert.equal(history.items[1].endsAt, history.items[0].startsAt, 'the first ended when the second began');
  const list = (await call('viewer', 'GET', `/api/vehicles?search=${vehicle.plate}`)).json();
  assert.equal(list.items[0].currentDriver.name, 'Bruno Barros');
  const ofDriver = (await call('viewer', 'GET', `/api/drivers/${ana.id}/assignments`)).json();
  assert.equal(ofDriver.items[0].vehicle.plate, vehicle.plate);
});

test('dated periods that overlap are refused with 409 assignment_overlap; bad periods are 400', async () => {
  const vehicle = await newVehicle();
  const carla = await newDriver('Carla Campos');
  const url = `/api/vehicles/${vehicle.id}/assignments`;
  const january = { driverId: carla.id, startsAt: '2026-01-01T08:00:00Z', endsAt: '2026-01-31T18:00:00Z' };
  assert.equal((await call('manager', 'POST', url, january)).statusCode, 201);
  const overlap = await call('manager', 'POST', url, {
    ...january,
    startsAt: '2026-01-20T00:00:00Z',
    endsAt: '2026-02-05T00:00:00Z',
  });
  assert.equal(overlap.statusCode, 409);
  assert.equal(overlap.json().error.code, 'assignment_overlap');
  assert.match(overlap.json().error.message, /already has a driver/);
  const adjacent = await call('manager', 'POST', url, {
    ...january,
    startsAt: '2026-01-31T18:00:00Z',
    endsAt: '2026-02-10T00:00:00Z',
  });
  assert.equal(adjacent.statusCode, 201, 'a period may start when the previous ends');
  const backwards = await call('manager', 'POST', url, {
    ...january,
    startsAt: '2026-03-02T00:00:00Z',
    endsAt: '2026-03-01T00:00:00Z',
  });
  assert.equal(backwards.statusCode, 400);
  assert.equal(backwards.json().error.code, 'invalid_period');
  const unknown = await call('manager', 'POST', url, { driverId: '987654321' });
  assert.equal(unknown.statusCode, 400);
  assert.equal(unknown.json().error.code, 'unknown_driver');
  for (const body of [
    {},
    { driverId: 'abc' },
    { driverId: carla.id, startsAt: 'yesterday' },
    { driverId: carla.id, x: 1 },
  ])
    assert.equal((await call('manager', 'POST', url, body)).statusCode, 400, JSON.stringify(body));
  assert.equal(
    (await call('manager', 'POST', '/api/vehicles/999999999/assignments', { driverId: carla.id })).statusCode,
    404,
  );
  assert.equal((await call('viewer', 'POST', url, { driverId: carla.id })).statusCode, 403);
  assert.equal((await call(null, 'GET', url)).statusCode, 401);
});

test('two simultaneous assignments of one vehicle for one period: exactly one wins, the others are 409', async () => {
  const vehicle = await newVehicle();
  const drivers = await Promise.all([
    newDriver('Dario Dias'),
    newDriver('Elisa Eça'),
    newDriver('Fabio Faria'),
  ]);
  const period = { startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-05-02T00:00:00Z' };
  const answers = await Promise.all(
    drivers.map((d) =>
      call('manager', 'POST', `/api/vehicles/${vehicle.id}/assignments`, { driverId: d.id, ...period }),
    ),
  );
  assert.deepEqual(
    answers.map((a) => a.statusCode).sort(),
    [201, 409, 409],
    answers.map((a) => a.body).join('\n'),
  );
  const [{ n }] = await api.db
    .sql`SELECT count(*)::int AS n FROM vehicle_driver_assignments WHERE vehicle_id = ${vehicle.id}`;
  assert.equal(n, 1);
});

test('simultaneous "from now" assignments leave one open assignment and a history without overlaps', async () => {
  const vehicle = await newVehicle();
  const drivers = await Promise.all([
    newDriver('Iara Ito'),
    newDriver('Jair Jota'),
    newDriver('Lia Lopes'),
    newDriver('Meire Mota'),
  ]);
  const answers = await Promise.all(
    drivers.map((d) =>
      call('manager', 'POST', `/api/vehicles/${vehicle.id}/assignments`, { driverId: d.id }),
    ),
  );
  for (const a of answers) assert.ok(a.statusCode === 201 || a.statusCode === 409, a.body);
  assert.ok(answers.some((a) => a.statusCode === 201));
  const rows = await api.db.sql<{ starts_at: Date; ends_at: Date | null }[]>`
    SELECT starts_at, ends_at FROM vehicle_driver_assignments WHERE vehicle_id = ${vehicle.id} ORDER BY starts_at`;
  assert.equal(rows.length, answers.filter((a) => a.statusCode === 201).length, 'no partial write');
  assert.equal(rows.filter((r) => r.ends_at === null).length, 1);
  for (let i = 1; i < rows.length; i++)
    assert.ok(rows[i - 1].ends_at && rows[i - 1].ends_at! <= rows[i].starts_at);
});

test('an open assignment is ended, a wrong one deleted; MiX assignments stay as MiX sent them', async () => {
  const vehicle = await newVehicle();
  const gil = await newDriver('Gil Gomes');
  const created = (
    await call('manager', 'POST', `/api/vehicles/${vehicle.id}/assignments`, {
      driverId: gil.id,
      startsAt: '2026-02-01T00:00:00Z',
    })
  ).json();
  assert.equal((await call('viewer', 'POST', `/api/assignments/${created.id}/end`, {})).statusCode, 403);
  const early = await call('manager', 'POST', `/api/assignments/${created.id}/end`, {
    endsAt: '2026-01-01T00:00:00Z',
  });
  assert.equal(early.statusCode, 400);
  const ended = await call('manager', 'POST', `/api/assignments/${created.id}/end`, {});
  assert.equal(ended.statusCode, 200, ended.body);
  assert.ok(ended.json().endsAt);
  const again = await call('manager', 'POST', `/api/assignments/${created.id}/end`, {});
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'assignment_closed');
  assert.equal((await call('viewer', 'DELETE', `/api/assignments/${created.id}`)).statusCode, 403);
  assert.equal((await call('admin', 'DELETE', `/api/assignments/${created.id}`)).statusCode, 204);
  assert.equal((await call('admin', 'DELETE', `/api/assignments/${created.id}`)).statusCode, 404);
  const [mix] = await api.db.sql`
    INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, source, starts_at, ends_at, external_id)
    VALUES (${vehicle.id}, ${gil.id}, 'mix', '2026-03-01', '2026-03-02', 'trip-1') RETURNING id`;
  const mixDelete = await call('admin', 'DELETE', `/api/assignments/${mix.id}`);
  assert.equal(mixDelete.statusCode, 409);
  assert.equal(mixDelete.json().error.code, 'assignment_not_manual');
});

test('devices list their status: never seen, online with the last fix, and the current driver', async () => {
  const vehicle = await newVehicle();
  const helena = await newDriver('Helena Hora');
  await call('manager', 'POST', `/api/vehicles/${vehicle.id}/assignments`, { driverId: helena.id });
  const created = await call('manager', 'POST', '/api/devices', {
    identifier: 'fleet-admin-1',
    name: 'Tracker 1',
    protocol: 'json',
    vehicleId: vehicle.id,
  });
  assert.equal(created.statusCode, 201, created.body);
  const device = created.json();
  let detail = (await call('viewer', 'GET', `/api/devices/${device.id}`)).json();
  assert.equal(detail.status, 'never_seen');
  assert.equal(detail.lastFixAt, null);
  assert.equal(detail.currentDriver.name, 'Helena Hora');
  const fixedAt = new Date(Date.now() - 5_000).toISOString();
  const ingest = await api.app.inject({
    method: 'POST',
    url: '/ingest/positions',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    payload: JSON.stringify({ positions: [{ fixedAt, latitude: -23.55, longitude: -46.63 }] }),
  });
  assert.ok(ingest.statusCode < 300, ingest.body);
  const deadline = Date.now() + 10_000;
  while (detail.status !== 'online' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    detail = (await call('viewer', 'GET', `/api/devices/${device.id}`)).json();
  }
  assert.equal(detail.status, 'online');
  assert.equal(Date.parse(detail.lastFixAt), Date.parse(fixedAt));
  await api.db.sql`UPDATE positions SET fixed_at = fixed_at - interval '1 hour'
                   WHERE device_num = (SELECT num FROM devices WHERE id = ${device.id})`;
  const list = (await call('viewer', 'GET', '/api/devices?search=fleet-admin-1')).json();
  assert.equal(list.items[0].status, 'offline');
});

test('a device may have its own offline timeout: the status follows it, bad values are 400', async () => {
  const created = await call('manager', 'POST', '/api/devices', {
    identifier: 'fleet-admin-timeout',
    name: 'Tracker parked',
    protocol: 'json',
    offlineAfterSeconds: 7200,
  });
  assert.equal(created.statusCode, 201, created.body);
  const device = created.json();
  assert.equal(device.offlineAfterSeconds, 7200);
  const [{ num }] = await api.db.sql`SELECT num FROM devices WHERE id = ${device.id}`;
  await api.db.sql`
    INSERT INTO positions (device_num, fixed_at, lat_e7, lon_e7)
    VALUES (${num}, now() - interval '1 hour', -235500000, -466300000)`;
  const status = async () => (await call('viewer', 'GET', `/api/devices/${device.id}`)).json().status;
  assert.equal(await status(), 'online', 'an hour of silence is within its own two hours');
  const reset = await call('manager', 'PATCH', `/api/devices/${device.id}`, { offlineAfterSeconds: null });
  assert.equal(reset.statusCode, 200, reset.body);
  assert.equal(reset.json().offlineAfterSeconds, null);
  assert.equal(await status(), 'offline', 'the default (30 minutes) applies again');
  for (const bad of [30, 8 * 86400, 90.5, '600']) {
    const res = await call('manager', 'PATCH', `/api/devices/${device.id}`, { offlineAfterSeconds: bad });
    assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
    assert.match(res.json().error.message, /offlineAfterSeconds/);
  }
  const viewer = await call('viewer', 'PATCH', `/api/devices/${device.id}`, { offlineAfterSeconds: 600 });
  assert.equal(viewer.statusCode, 403);
  const [{ stored }] = await api.db
    .sql`SELECT offline_after_seconds AS stored FROM devices WHERE id = ${device.id}`;
  assert.equal(stored, null);
});
