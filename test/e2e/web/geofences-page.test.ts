import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { bearer, createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// The geofences page: a manager imports a GeoJSON file (a depot at CEAGESP, São Paulo) and sees it
// listed and stored, and a KML drawn clockwise turned round on import; a viewer sees the list
// without the drawing tools.
let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string };
let viewer: { email: string };

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'rita.manager@test.pioneira');
  viewer = await api.login('viewer', 'vera.viewer@test.pioneira');
  const apiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
  web = await startWeb({ apiUrl });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

const DEPOT = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Depósito CEAGESP', radiusM: 250, speedLimitKmh: 20 },
      geometry: { type: 'Point', coordinates: [-46.7368, -23.5378] },
    },
  ],
};

test('a manager imports a geofence from a GeoJSON file and sees it listed', async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  await page.getByRole('heading', { name: 'Cercas', level: 1 }).waitFor();
  await page.getByText('Nenhuma cerca ainda.', { exact: false }).waitFor();
  await page.getByLabel('Importar GeoJSON ou KML').setInputFiles({
    name: 'deposito.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(DEPOT)),
  });
  await page.getByText('1 cercas importadas.').waitFor();
  await page.getByRole('list', { name: 'Cercas cadastradas' }).getByText('Depósito CEAGESP').waitFor();
  const rows = await api.db.sql`SELECT name, kind, radius_m, speed_limit_kmh FROM geofences`;
  assert.deepEqual(
    rows.map((r) => [r.name, r.kind, r.radius_m, r.speed_limit_kmh]),
    [['Depósito CEAGESP', 'circle', 250, 20]],
  );
  // The drawing tools are there for a manager.
  await page.getByRole('button', { name: 'Polígono' }).waitFor();
  await context.close();
});

test('a KML drawn clockwise (KML has no winding rule) is turned round on import, and the user told', async () => {
  // Parque Ibirapuera, its corners listed clockwise as some tools write them.
  const clockwise = [
    [-46.668, -23.587],
    [-46.662, -23.581],
    [-46.652, -23.584],
    [-46.651, -23.592],
    [-46.66, -23.593],
    [-46.668, -23.587],
  ];
  const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Parque Ibirapuera</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${clockwise.map((p) => p.join(',')).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`;
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  await page.getByRole('list', { name: 'Cercas cadastradas' }).getByText('Depósito CEAGESP').waitFor();
  await page.getByLabel('Importar GeoJSON ou KML').setInputFiles({
    name: 'parque.kml',
    mimeType: 'application/vnd.google-earth.kml+xml',
    buffer: Buffer.from(kml),
  });
  await page.getByText('1 cercas importadas.').waitFor();
  await page.getByText(/foram invertidos para o anti-horário.*: Parque Ibirapuera\./).waitFor();
  const [row] = await api.db.sql`SELECT geometry FROM geofences WHERE name = 'Parque Ibirapuera'`;
  assert.deepEqual(row.geometry.coordinates, [[...clockwise].reverse()], 'stored counter-clockwise');
  await api.db.sql`DELETE FROM geofences WHERE name = 'Parque Ibirapuera'`;
  await context.close();
});

test('a viewer reads the list but gets no drawing tools nor import', async () => {
  const { context, page } = await signedInPage(browser, web.url, viewer.email, '/geofences');
  await page.getByRole('list', { name: 'Cercas cadastradas' }).getByText('Depósito CEAGESP').waitFor();
  await until(
    'the page settled',
    async () => (await page.getByRole('button', { name: 'Polígono' }).count()) === 0,
  );
  assert.equal(await page.getByLabel('Importar GeoJSON ou KML').count(), 0);
  await context.close();
});

/** The map once its drawing tools answer, and its centre in page pixels. */
async function readyMap(page: import('playwright-core').Page) {
  const map = page.locator('.geofence-map[data-ready="true"]');
  await map.waitFor();
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  assert.ok(box, 'the map has a size');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('a manager draws a polygon on the map, names it and finds it stored counter-clockwise', async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  const c = await readyMap(page);
  await page.getByRole('button', { name: 'Polígono' }).click();
  const corners = [
    [c.x - 120, c.y - 70],
    [c.x + 120, c.y - 70],
    [c.x + 120, c.y + 70],
    [c.x - 120, c.y + 70],
  ];
  for (const [x, y] of corners) {
    await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.click(x, y);
  }
  // Back on the first corner closes the ring; the shape stays selected to be adjusted.
  await page.mouse.move(corners[0][0], corners[0][1], { steps: 4 });
  await page.mouse.click(corners[0][0], corners[0][1]);
  await page.getByText('Arraste a forma para movê-la', { exact: false }).waitFor();
  await page.getByLabel('Nome').fill('Pátio Norte');
  await page.getByLabel('Limite de velocidade (km/h, opcional)').fill('15');
  await page.getByRole('button', { name: 'Salvar cerca' }).click();
  await page.getByRole('list', { name: 'Cercas cadastradas' }).getByText('Pátio Norte').waitFor();
  const [row] = await api.db.sql`
    SELECT kind, geometry, speed_limit_kmh FROM geofences WHERE name = 'Pátio Norte'`;
  assert.equal(row.kind, 'polygon');
  assert.equal(row.speed_limit_kmh, 15);
  const ring = row.geometry.coordinates[0] as [number, number][];
  assert.equal(ring.length, 5, 'four corners and the first again');
  let area = 0;
  for (let i = 0; i < ring.length - 1; i++) area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  assert.ok(area > 0, 'counter-clockwise, as the API wants');
  await context.close();
});

test('a manager edits a circle: drags it, sets its radius, name, speed limit and allowed hours', async () => {
  const [before] = await api.db.sql`SELECT id, geometry FROM geofences WHERE name = 'Depósito CEAGESP'`;
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  await page.getByRole('button', { name: 'Editar Depósito CEAGESP' }).click();
  await page.getByRole('heading', { name: 'Editar cerca' }).waitFor();
  assert.equal(await page.getByLabel('Nome').inputValue(), 'Depósito CEAGESP');
  assert.equal(await page.getByLabel('Limite de velocidade (km/h, opcional)').inputValue(), '20');
  const c = await readyMap(page);
  // The map frames the circle: a drag from its middle moves the whole shape east.
  await page.mouse.move(c.x, c.y, { steps: 2 });
  await page.mouse.down();
  await page.mouse.move(c.x + 90, c.y, { steps: 12 });
  await page.mouse.up();
  await page.getByLabel('Raio (m)').fill('400');
  await page.getByLabel('Nome').fill('CEAGESP pátio');
  await page.getByLabel('Limite de velocidade (km/h, opcional)').fill('25');
  await page.getByLabel('Somente nestas janelas').check();
  await page.getByRole('button', { name: 'Salvar cerca' }).click();
  await page.getByText('Cerca salva.').waitFor();
  const [after] = await api.db.sql`
    SELECT name, kind, geometry, radius_m, speed_limit_kmh, allowed_hours FROM geofences WHERE id = ${before.id}`;
  assert.deepEqual(
    [after.name, after.kind, after.radius_m, after.speed_limit_kmh],
    ['CEAGESP pátio', 'circle', 400, 25],
  );
  assert.deepEqual(after.allowed_hours, [{ days: [1, 2, 3, 4, 5], from: '06:00', to: '20:00' }]);
  const [lon0, lat0] = before.geometry.coordinates;
  const [lon1, lat1] = after.geometry.coordinates;
  assert.ok(lon1 - lon0 > 0.0003, `moved east (${lon0} → ${lon1})`);
  assert.ok(Math.abs(lat1 - lat0) < 0.0003, `not north or south (${lat0} → ${lat1})`);
  await context.close();
});

test('export then import from the page gives the same geofences back (GeoJSON and KML)', async () => {
  const snapshot = () => api.db.sql`
    SELECT g.name, g.kind, g.geometry, g.radius_m, g.width_m, g.speed_limit_kmh, g.allowed_hours,
      g.dwell_max_seconds, g.hysteresis_m, gg.name AS group_name
    FROM geofences g LEFT JOIN geofence_groups gg ON gg.id = g.group_id ORDER BY g.name`;
  const stored = await snapshot();
  assert.equal(stored.length, 2);
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  await page.getByRole('list', { name: 'Cercas cadastradas' }).getByText('Pátio Norte').waitFor();
  for (const [button, name] of [
    ['GeoJSON', 'cercas.geojson'],
    ['KML', 'cercas.kml'],
  ]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), name);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const content = await readFile(file);
    await api.db.sql`DELETE FROM geofences`;
    await page.reload();
    await page.getByText('Nenhuma cerca ainda.', { exact: false }).waitFor();
    await page
      .getByLabel('Importar GeoJSON ou KML')
      .setInputFiles({ name, mimeType: 'text/plain', buffer: content });
    await page.getByText('2 cercas importadas.').waitFor();
    assert.deepEqual(await snapshot(), stored, `${button} round trip`);
  }
  await context.close();
});

test('a manager edits a corridor: drags its middle vertex and widens it', async () => {
  // The Marginal Tietê between two bridges, straight east–west: the middle vertex is the map's centre.
  const line = [
    [-46.7, -23.517],
    [-46.69, -23.517],
    [-46.68, -23.517],
  ];
  const made = await api.app.inject({
    method: 'POST',
    url: '/api/geofences',
    headers: bearer((await api.login('manager')).token),
    payload: { name: 'Marginal', geometry: { type: 'LineString', coordinates: line }, widthM: 60 },
  });
  assert.equal(made.statusCode, 201, made.body);
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  await page.getByRole('button', { name: 'Editar Marginal' }).click();
  assert.equal(await page.getByLabel('Largura do corredor (m)').inputValue(), '60');
  const c = await readyMap(page);
  await page.mouse.move(c.x, c.y, { steps: 2 });
  await page.mouse.down();
  await page.mouse.move(c.x, c.y - 60, { steps: 12 });
  await page.mouse.up();
  await page.getByLabel('Largura do corredor (m)').fill('150');
  await page.getByRole('button', { name: 'Salvar cerca' }).click();
  await page.getByText('Cerca salva.').waitFor();
  const [row] = await api.db.sql`SELECT kind, geometry, width_m FROM geofences WHERE id = ${made.json().id}`;
  assert.deepEqual([row.kind, row.width_m], ['corridor', 150]);
  const [west, middle, east] = row.geometry.coordinates as [number, number][];
  assert.deepEqual([west, east], [line[0], line[2]], 'the ends stay');
  assert.ok(middle[1] - line[1][1] > 0.0005, `the middle moved north (${line[1][1]} → ${middle[1]})`);
  assert.ok(Math.abs(middle[0] - line[1][0]) < 0.0005, 'and not east or west');
  await context.close();
});

test('a manager resizes a circle by dragging its edge on the map; the centre stays', async () => {
  const centre = [-46.6333, -23.5505]; // Praça da Sé
  const made = await api.app.inject({
    method: 'POST',
    url: '/api/geofences',
    headers: bearer((await api.login('manager')).token),
    // 300 m: large enough that framing it needs no zoom past the map's 17.
    payload: { name: 'Praça da Sé', geometry: { type: 'Point', coordinates: centre }, radiusM: 300 },
  });
  assert.equal(made.statusCode, 201, made.body);
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  await page.getByRole('button', { name: 'Editar Praça da Sé' }).click();
  const c = await readyMap(page);
  const box = await page.locator('.geofence-map').boundingBox();
  assert.ok(box);
  // The map frames the circle with 80 px around it: its southern edge point is 80 px above the
  // bottom (the north one may sit under the page's sticky header), dragged further south.
  const edge = { x: c.x, y: box.y + box.height - 80 };
  await page.mouse.move(edge.x, edge.y, { steps: 2 });
  await page.mouse.down();
  await page.mouse.move(edge.x, edge.y + 50, { steps: 12 });
  await page.mouse.up();
  await until('a larger radius in the form', async () => {
    const radius = Number(await page.getByLabel('Raio (m)').inputValue());
    return radius > 330 && radius;
  });
  await page.getByRole('button', { name: 'Salvar cerca' }).click();
  await page.getByText('Cerca salva.').waitFor();
  const [row] = await api.db.sql`SELECT geometry, radius_m FROM geofences WHERE id = ${made.json().id}`;
  assert.ok(row.radius_m > 330, `grown (${row.radius_m} m)`);
  const [lon, lat] = row.geometry.coordinates;
  assert.ok(Math.abs(lon - centre[0]) < 0.0002 && Math.abs(lat - centre[1]) < 0.0002, 'the centre stays');
  await context.close();
});
