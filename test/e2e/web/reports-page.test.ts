import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { ConnectionErrors } from '@pioneira/core';
import type { Browser, Locator } from 'playwright-core';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { consumers, tripsRole } from '../../../apps/worker/src/roles/consumers';
import { relay } from '../../../apps/worker/src/roles/relay';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// Relatórios end to end: positions ingested → relay → event log → the trips consumer → trips, stops
// and daily summaries in PostgreSQL → the report routes → the browser's tables, map and CSV.
const run = promisify(execFile);
const OUTPUT = new URL('./output/', import.meta.url);
let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string };
let vehicleId: string;
const stops: (() => Promise<void>)[] = [];
const START = Date.parse('2026-03-02T12:00:00Z'); // 09:00 in São Paulo

/** Parked 10 min, then two trips of 10 min north at 36 km/h with 10 min stops, every 10 s. */
function day(identifier: string) {
  const fixes: Parameters<TestApi['app']['deps']['gps']['ingest']['submit']>[0] = [];
  let t = START;
  let lat = -23.55;
  const push = (speed: number) => {
    fixes.push({
      deviceIdentifier: identifier,
      fixedAt: new Date(t),
      latitude: lat,
      longitude: -46.63,
      speedKmh: speed,
      course: null,
      altitude: null,
      accuracy: null,
      attributes: { ignition: speed > 0 },
    });
    t += 10_000;
  };
  for (let i = 0; i < 60; i++) push(0);
  for (let k = 0; k < 2; k++) {
    for (let i = 0; i < 60; i++) {
      lat += 100 / 111_195;
      push(36);
    }
    for (let i = 0; i < 60; i++) push(0);
  }
  return fixes;
}

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'rita.manager@test.pioneira');
  const { config, sql, redis } = api.app.deps;
  for (const role of [relay, consumers, tripsRole]) {
    const started = await role.start({
      config,
      sql,
      redis,
      log: () => {},
      connections: new ConnectionErrors(() => {}),
    });
    stops.push(() => started.stop());
  }
  const [vehicle] = await sql`
    INSERT INTO vehicles (source, external_id, description, registration_number)
    VALUES ('manual', 'rep-e2e-1', 'Caminhão baú 1', 'BRA2E19') RETURNING id`;
  vehicleId = String(vehicle.id);
  await sql`INSERT INTO devices (identifier, name, protocol, vehicle_id)
            VALUES ('rep-e2e-truck', 'Rastreador 1', 'json', ${vehicleId})`;
  await api.app.deps.gps.ingest.submit(day('rep-e2e-truck'), 'json');
  await until(
    'the trips consumer to close both trips and the stop between them',
    async () => {
      const [{ trips, stops: s }] = await sql`
        SELECT (SELECT count(*) FROM trips)::int AS trips, (SELECT count(*) FROM stops)::int AS stops`;
      return trips === 2 && s >= 2;
    },
    30_000,
  );
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  for (const stop of stops) await stop();
  await api?.close();
});

const center = async (map: Locator) =>
  ((await map.getAttribute('data-center')) ?? '0,0').split(',').map(Number);
const period = 'period=custom&from=2026-03-02&to=2026-03-02';

test('trips and stops of a vehicle, on the map and as CSV; the fleet summary with its total', {
  timeout: 240_000,
}, async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/reports');
  await page.getByRole('navigation').getByRole('link', { name: 'Relatórios' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Relatórios' }).waitFor();

  // The fleet summary of the month: the truck and the total line.
  await page.goto(`${web.url}/reports?period=custom&from=2026-03-01&to=2026-03-31`);
  const summary = page.getByRole('table', { name: 'Resumo da frota' });
  await summary.getByText('BRA2E19').waitFor();
  await page
    .locator('.reports-totals')
    .getByText(/Total: 1[12],\d km/)
    .waitFor();

  // Trips: a click draws the trip and the map fits it.
  await page.goto(`${web.url}/reports?report=trips&vehicle=${vehicleId}&${period}`);
  const trips = page.getByRole('table', { name: 'Viagens' });
  const departures = trips.getByRole('button', { name: /02\/03\/2026/ });
  await until('two trips listed', async () => (await departures.count()) === 2);
  const map = page.locator('section.live-map');
  await map.waitFor();
  await departures.nth(1).click();
  const [, tripLat] = await until('the map to fit the second trip', async () => {
    const c = await center(map);
    return c[1] > -23.5 && c[1] < -23.43 ? c : null;
  });
  assert.ok(tripLat > -23.5, `centred on the second trip (${tripLat})`);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar CSV' }).click();
  const file = await (await download).path();
  const csv = await readFile(file, 'utf8');
  assert.match(csv, /BRA2E19;Caminhão baú 1;;02\/03\/2026;09:09:50/);
  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar PDF' }).click();
  const pdf = await pdfDownload;
  assert.equal(pdf.suggestedFilename(), 'viagens.pdf');
  const bytes = await readFile(await pdf.path());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const text = (await run('pdftotext', ['-layout', await pdf.path(), '-'])).stdout;
  assert.match(text, /BRA2E19/);
  assert.match(text, /02\/03\/2026/);
  await mkdir(OUTPUT, { recursive: true });
  await page.screenshot({ path: new URL('reports-trips.png', OUTPUT).pathname, fullPage: true });

  // Stops: a click centres the stop.
  await page.goto(`${web.url}/reports?report=stops&vehicle=${vehicleId}&${period}`);
  const stopsTable = page.getByRole('table', { name: 'Paradas' });
  const starts = stopsTable.getByRole('button', { name: /02\/03\/2026/ });
  await until('the stops listed', async () => (await starts.count()) >= 2);
  await page.locator('section.live-map[data-vehicles]:not([data-vehicles="0"])').waitFor();
  // The second stop, where the first trip ended (the map opens on the first one's neighbourhood).
  await starts.nth(1).click();
  await until('the map to centre the second stop', async () => {
    const [lon, lat] = await center(map);
    return Math.abs(lat - -23.496) < 0.002 && Math.abs(lon - -46.63) < 0.002;
  });
  await context.close();
});
