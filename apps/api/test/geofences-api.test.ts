import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let admin: string;
let manager: string;
let viewer: string;

before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
  manager = (await api.login('manager')).token;
  viewer = (await api.login('viewer')).token;
});
after(async () => {
  await api.close();
});

type Method = 'GET' | 'PATCH' | 'POST' | 'DELETE';
const call = (method: Method, url: string, token: string | null, payload?: unknown) =>
  api.app.inject({
    method,
    url,
    headers: token === null ? {} : bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

// Real places of São Paulo: the CEAGESP wholesale market (a depot) and Parque Ibirapuera.
const CEAGESP = { type: 'Point', coordinates: [-46.7368, -23.5378] };
const IBIRAPUERA = {
  type: 'Polygon',
  coordinates: [
    [
      [-46.668, -23.587],
      [-46.66, -23.593],
      [-46.651, -23.592],
      [-46.652, -23.584],
      [-46.662, -23.581],
      [-46.668, -23.587],
    ],
  ],
};
const MARGINAL = {
  type: 'LineString',
  coordinates: [
    [-46.7365, -23.5235],
    [-46.6905, -23.5155],
    [-46.6335, -23.5155],
  ],
};

test('admins and managers create circles, polygons and corridors; everyone lists them by group, paged', async () => {
  const group = await call('POST', '/api/geofences/groups', admin, { name: 'Depósitos' });
  assert.equal(group.statusCode, 201);
  const groupId = group.json().id;
  assert.equal((await call('POST', '/api/geofences/groups', manager, { name: 'Depósitos' })).statusCode, 409);
  const made = [
    await call('POST', '/api/geofences', admin, {
      name: 'CEAGESP',
      groupId,
      geometry: CEAGESP,
      radiusM: 300,
      speedLimitKmh: 20,
    }),
    await call('POST', '/api/geofences', manager, {
      name: 'Ibirapuera',
      geometry: IBIRAPUERA,
      dwellMaxSeconds: 3600,
    }),
    await call('POST', '/api/geofences', manager, {
      name: 'Marginal Tietê',
      geometry: MARGINAL,
      widthM: 120,
    }),
  ];
  assert.deepEqual(
    made.map((r) => r.statusCode),
    [201, 201, 201],
  );
  const [circle, polygon, corridor] = made.map((r) => r.json());
  assert.deepEqual([circle.kind, polygon.kind, corridor.kind], ['circle', 'polygon', 'corridor']);
  assert.equal(circle.groupName, 'Depósitos');
  assert.ok(circle.bbox[0] < -46.7368 && circle.bbox[2] > -46.7368, 'the box holds the circle');

  const all = await call('GET', '/api/geofences?pageSize=2', viewer);
  assert.equal(all.statusCode, 200);
  assert.deepEqual(
    [all.json().total, all.json().items.map((g: { name: string }) => g.name)],
    [3, ['CEAGESP', 'Ibirapuera']],
  );
  const inGroup = await call('GET', `/api/geofences?groupId=${groupId}`, viewer);
  assert.deepEqual(
    inGroup.json().items.map((g: { id: string }) => g.id),
    [circle.id],
  );
  const changed = await call('PATCH', `/api/geofences/${circle.id}`, manager, {
    radiusM: 450,
    name: 'CEAGESP pátio',
  });
  assert.equal(changed.statusCode, 200);
  assert.deepEqual(
    [changed.json().radiusM, changed.json().name, changed.json().speedLimitKmh],
    [450, 'CEAGESP pátio', 20],
  );
  assert.equal((await call('GET', `/api/geofences/${circle.id}`, viewer)).json().radiusM, 450);
  assert.equal((await call('DELETE', `/api/geofences/${corridor.id}`, admin)).statusCode, 204);
  assert.equal((await call('GET', `/api/geofences/${corridor.id}`, viewer)).statusCode, 404);
});

test('bad geometry is a 400 invalid_geometry that says what to fix, and stores nothing', async () => {
  const before = (await api.db.sql`SELECT count(*)::int AS n FROM geofences`)[0].n;
  const ring = IBIRAPUERA.coordinates[0];
  const cases: Array<[object, RegExp]> = [
    [
      { geometry: { type: 'Polygon', coordinates: [[ring[0], ring[2], ring[1], ring[3], ring[0]]] } },
      /intersects itself/,
    ],
    [{ geometry: { type: 'Polygon', coordinates: [[...ring].reverse()] } }, /clockwise/],
    [{ geometry: { type: 'Polygon', coordinates: [ring.slice(0, -1)] } }, /not closed/],
    [{ geometry: { type: 'Point', coordinates: [-23.5378, -246.7368] }, radiusM: 100 }, /out of range/],
    [{ geometry: MARGINAL, widthM: 0 }, /greater than 0/],
    [{ geometry: CEAGESP }, /radiusM/],
  ];
  for (const [body, message] of cases) {
    const res = await call('POST', '/api/geofences', admin, { name: 'Ruim', ...body });
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.equal(res.json().error.code, 'invalid_geometry');
    assert.match(res.json().error.message, message);
  }
  const many = Array.from({ length: 2001 }, (_, i) => [
    -46.6 + Math.cos(i) * 0.01,
    -23.5 + Math.sin(i) * 0.01,
  ]);
  const tooMany = await call('POST', '/api/geofences', admin, {
    name: 'Grande',
    geometry: { type: 'Polygon', coordinates: [many] },
  });
  assert.equal(tooMany.statusCode, 400);
  assert.equal(tooMany.json().error.code, 'invalid_geometry');
  assert.match(tooMany.json().error.message, /2001 points; at most 2000 are allowed/);
  const longCorridor = await call('POST', '/api/geofences', admin, {
    name: 'Longa',
    geometry: { type: 'LineString', coordinates: many },
    widthM: 50,
  });
  assert.equal(longCorridor.statusCode, 400);
  assert.match(longCorridor.json().error.message, /coordinates must NOT have more than 2000 items/);
  const [{ n }] = await api.db.sql`SELECT count(*)::int AS n FROM geofences`;
  assert.equal(n, before);
});

test('a hole wound the wrong way, or a change of shape that crosses itself, is refused and changes nothing', async () => {
  const ring = IBIRAPUERA.coordinates[0];
  // A lake inside the park, counter-clockwise like the outer ring (holes must run clockwise).
  const lake = [
    [-46.661, -23.588],
    [-46.657, -23.588],
    [-46.657, -23.585],
    [-46.661, -23.585],
    [-46.661, -23.588],
  ];
  const hole = await call('POST', '/api/geofences', admin, {
    name: 'Lago',
    geometry: { type: 'Polygon', coordinates: [ring, lake] },
  });
  assert.equal(hole.statusCode, 400);
  assert.equal(hole.json().error.code, 'invalid_geometry');
  assert.match(hole.json().error.message, /Hole 1 runs counter-clockwise; holes must run clockwise/);
  const withLake = await call('POST', '/api/geofences', admin, {
    name: 'Parque com lago',
    geometry: { type: 'Polygon', coordinates: [ring, [...lake].reverse()] },
  });
  assert.equal(withLake.statusCode, 201, withLake.body);

  const park = await call('POST', '/api/geofences', manager, { name: 'Parque', geometry: IBIRAPUERA });
  assert.equal(park.statusCode, 201, park.body);
  for (const [geometry, message] of [
    [{ type: 'Polygon', coordinates: [[ring[0], ring[2], ring[1], ring[3], ring[0]]] }, /intersects itself/],
    [{ type: 'Polygon', coordinates: [[...ring].reverse()] }, /clockwise/],
  ] as const) {
    const res = await call('PATCH', `/api/geofences/${park.json().id}`, manager, { geometry });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'invalid_geometry');
    assert.match(res.json().error.message, message);
  }
  const stored = await call('GET', `/api/geofences/${park.json().id}`, viewer);
  assert.deepEqual(stored.json().geometry, IBIRAPUERA, 'the refused changes left the shape as it was');
});

test('GeoJSON and KML round trip; an import with one bad geofence imports nothing', async () => {
  const exported = await call('GET', '/api/geofences/export?format=geojson', viewer);
  assert.equal(exported.statusCode, 200);
  assert.match(String(exported.headers['content-type']), /geo\+json/);
  const collection = JSON.parse(exported.body);
  assert.ok(collection.features.length >= 2);
  const kml = await call('GET', '/api/geofences/export?format=kml', viewer);
  assert.match(kml.body, /<Placemark><name>CEAGESP pátio<\/name>/);

  const count = async () => (await api.db.sql`SELECT count(*)::int AS n FROM geofences`)[0].n;
  const before = await count();
  const fromKml = await call('POST', '/api/geofences/import', manager, { format: 'kml', data: kml.body });
  assert.equal(fromKml.statusCode, 201, fromKml.body);
  assert.equal(fromKml.json().created, collection.features.length);
  const circle = fromKml.json().items.find((g: { kind: string }) => g.kind === 'circle');
  assert.equal(circle.radiusM, 450, 'the radius travels in ExtendedData');

  const bad = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: 'Boa', radiusM: 50 }, geometry: CEAGESP },
      {
        type: 'Feature',
        properties: { name: 'Aberta' },
        geometry: { type: 'Polygon', coordinates: [IBIRAPUERA.coordinates[0].slice(0, -1)] },
      },
    ],
  };
  const refused = await call('POST', '/api/geofences/import', admin, { format: 'geojson', data: bad });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.json().error.message, /Feature 2 \("Aberta"\).*not closed/);
  assert.equal(await count(), before + collection.features.length);
  const notKml = await call('POST', '/api/geofences/import', admin, { format: 'kml', data: '<html/>' });
  assert.equal(notKml.statusCode, 400);
});

test('every route: viewers read but never write, strangers are refused', async () => {
  const [{ id }] = await api.db.sql`SELECT id::text FROM geofences ORDER BY id LIMIT 1`;
  const writes: Array<[Method, string, unknown]> = [
    ['POST', '/api/geofences', { name: 'X', geometry: CEAGESP, radiusM: 10 }],
    ['PATCH', `/api/geofences/${id}`, { name: 'X' }],
    ['DELETE', `/api/geofences/${id}`, undefined],
    ['POST', '/api/geofences/groups', { name: 'X' }],
    ['DELETE', '/api/geofences/groups/1', undefined],
    [
      'POST',
      '/api/geofences/import',
      { format: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    ],
  ];
  for (const [method, url, body] of writes) {
    assert.equal((await call(method, url, viewer, body)).statusCode, 403, `${method} ${url} as viewer`);
    assert.equal((await call(method, url, null, body)).statusCode, 401, `${method} ${url} anonymous`);
  }
  const reads = [
    '/api/geofences',
    `/api/geofences/${id}`,
    '/api/geofences/groups',
    '/api/geofences/export',
    '/api/reports/visits',
  ];
  for (const url of reads) {
    for (const token of [viewer, manager, admin])
      assert.equal((await call('GET', url, token)).statusCode, 200, url);
    assert.equal((await call('GET', url, null)).statusCode, 401, url);
  }
  assert.equal((await call('GET', '/api/geofences/abc', viewer)).statusCode, 400);
  assert.equal((await call('PATCH', `/api/geofences/${id}`, admin, {})).statusCode, 400);
});

test('visits report: time in, time out and duration, filtered by geofence and period', async () => {
  const [{ id }] = await api.db
    .sql`SELECT id::text FROM geofences WHERE kind = 'polygon' ORDER BY id LIMIT 1`;
  const [dev] = await api.db.sql`
    INSERT INTO devices (identifier, name, protocol) VALUES ('visits-1', 'Caminhão 7', 'osmand') RETURNING num`;
  await api.db.sql`
    INSERT INTO geofence_visits (device_num, geofence_id, entered_at, exited_at, geofence_name)
    VALUES (${dev.num}, ${id}, '2026-03-02T12:00:00Z', '2026-03-02T12:45:30Z', 'Ibirapuera'),
           (${dev.num}, ${id}, '2026-03-03T12:00:00Z', NULL, 'Ibirapuera')`;
  const res = await call('GET', `/api/reports/visits?geofenceId=${id}&from=2026-03-02&to=2026-03-02`, viewer);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.total, 1);
  assert.deepEqual(
    [body.items[0].deviceName, body.items[0].durationSeconds, body.items[0].exitedAt],
    ['Caminhão 7', 2730, '2026-03-02T12:45:30.000Z'],
  );
  const open = await call(
    'GET',
    `/api/reports/visits?geofenceId=${id}&from=2026-03-03&to=2026-03-03`,
    viewer,
  );
  assert.equal(open.json().items[0].exitedAt, null);
  assert.ok(open.json().items[0].durationSeconds > 0);
});

test('an import is checked like a drawing: crossing, clockwise, too many points, bad rules → 400 naming the feature', async () => {
  const count = async () => (await api.db.sql`SELECT count(*)::int AS n FROM geofences`)[0].n;
  const before = await count();
  const ring = IBIRAPUERA.coordinates[0];
  const feature = (name: string, geometry: object, properties: object = {}) => ({
    type: 'Feature',
    properties: { name, ...properties },
    geometry,
  });
  const good = feature('Boa', CEAGESP, { radiusM: 50 });
  const many = Array.from({ length: 2001 }, (_, i) => [
    -46.6 + Math.cos((i / 2000) * 2 * Math.PI) * 0.01,
    -23.5 + Math.sin((i / 2000) * 2 * Math.PI) * 0.01,
  ]);
  const cases: Array<[object, RegExp]> = [
    [
      feature('Laço', { type: 'Polygon', coordinates: [[ring[0], ring[2], ring[1], ring[3], ring[0]]] }),
      /Feature 2 \("Laço"\): The polygon intersects itself/,
    ],
    [
      feature('Horária', { type: 'Polygon', coordinates: [[...ring].reverse()] }),
      /Feature 2 \("Horária"\): The outer ring runs clockwise/,
    ],
    [feature('Enorme', { type: 'Polygon', coordinates: [many] }), /Feature 2 \("Enorme"\).*at most 2000/],
    [feature('Multi', { type: 'MultiPolygon', coordinates: [] }), /Feature 2 \("Multi"\).*Point .*Polygon/],
    [
      feature('Horas', CEAGESP, { radiusM: 50, allowedHours: [{ days: [9], from: '25:00', to: '08:00' }] }),
      /Feature 2 \("Horas"\): allowedHours must be/,
    ],
    [feature('Rápida', CEAGESP, { radiusM: 50, speedLimitKmh: -5 }), /Feature 2 \("Rápida"\): speedLimitKmh/],
    [feature('Texto', CEAGESP, { radiusM: 'cem' }), /Feature 2 \("Texto"\): radiusM must be a number/],
  ];
  for (const [bad, message] of cases) {
    const res = await call('POST', '/api/geofences/import', admin, {
      format: 'geojson',
      data: { type: 'FeatureCollection', features: [good, bad] },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().error.message, message);
  }
  // The same checks on KML: a clockwise ring drawn by another tool is refused with the same words.
  const clockwise = [...ring]
    .reverse()
    .map((p) => p.join(','))
    .join(' ');
  const kml = await call('POST', '/api/geofences/import', admin, {
    format: 'kml',
    data: `<kml><Document><Placemark><name>Contrária</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${clockwise}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`,
  });
  assert.equal(kml.statusCode, 400);
  assert.match(kml.json().error.message, /Feature 1 \("Contrária"\): The outer ring runs clockwise/);
  assert.equal(await count(), before, 'nothing of a refused import is stored');
});

test('export then import keeps every rule of a geofence: group, speed limit, allowed hours, dwell, hysteresis', async () => {
  const group = await call('POST', '/api/geofences/groups', admin, { name: 'Corredores noturnos' });
  const hours = [
    { days: [1, 2, 3, 4, 5], from: '06:00', to: '20:00' },
    { days: [6], from: '22:00', to: '06:00' },
  ];
  const made = await call('POST', '/api/geofences', admin, {
    name: 'Marginal à noite',
    groupId: group.json().id,
    geometry: MARGINAL,
    widthM: 80,
    speedLimitKmh: 60,
    allowedHours: hours,
    dwellMaxSeconds: 900,
    hysteresisM: 35,
  });
  assert.equal(made.statusCode, 201, made.body);
  const pick = (g: Record<string, unknown>) => [
    g.name,
    g.kind,
    g.groupName,
    g.geometry,
    g.widthM,
    g.speedLimitKmh,
    g.allowedHours,
    g.dwellMaxSeconds,
    g.hysteresisM,
  ];
  for (const format of ['geojson', 'kml'] as const) {
    const file = await call(
      'GET',
      `/api/geofences/export?format=${format}&groupId=${group.json().id}`,
      viewer,
    );
    assert.equal(file.statusCode, 200);
    // Imported into a fresh database's worth of names: the group is found by its name.
    await api.db.sql`DELETE FROM geofences WHERE group_id = ${group.json().id}`;
    const back = await call('POST', '/api/geofences/import', manager, {
      format,
      data: format === 'kml' ? file.body : JSON.parse(file.body),
    });
    assert.equal(back.statusCode, 201, back.body);
    assert.equal(back.json().created, 1);
    assert.deepEqual(pick(back.json().items[0]), pick(made.json()), format);
  }
});

test('two imports at once that name the same new group: both stored, one group made', async () => {
  const file = (name: string) => ({
    format: 'geojson',
    data: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name, group: 'Pátios da Zona Leste', radiusM: 80 },
          geometry: CEAGESP,
        },
      ],
    },
  });
  const answers = await Promise.all([
    call('POST', '/api/geofences/import', admin, file('Pátio Tatuapé')),
    call('POST', '/api/geofences/import', manager, file('Pátio Penha')),
  ]);
  assert.deepEqual(
    answers.map((r) => r.statusCode),
    [201, 201],
    answers.map((r) => r.body).join('\n'),
  );
  const groups = await api.db.sql`SELECT id FROM geofence_groups WHERE name = 'Pátios da Zona Leste'`;
  assert.equal(groups.length, 1);
  const members = await api.db.sql`SELECT name FROM geofences WHERE group_id = ${groups[0].id} ORDER BY name`;
  assert.deepEqual(
    members.map((m) => m.name),
    ['Pátio Penha', 'Pátio Tatuapé'],
  );
});
