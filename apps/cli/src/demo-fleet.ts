import type { Config } from '@pioneira/config';
import { createSql } from '@pioneira/db';
import { provisionDevices, startFleetSim } from '@pioneira/fleet-sim';
import { advanceDemoClock, readDemoClock, seedDemoHistory, seedParcels } from './demo-seed/seed';

/** The start was interrupted while the history was being seeded. */
export class DemoStopped extends Error {
  override name = 'DemoStopped';
}

/** How often the demo clock advances: new parcel events come in, and a restart resumes from here. */
const TICK_MS = 60_000;

/**
 * For the demo: simulated trackers driving São Paulo over OsmAnd, JSON batches, Teltonika, GT06, H02,
 * Suntech and Queclink, each linked to one of the MiX vehicles once the first sync has brought them in.
 * Before they go live, the history the simulators would have produced since they last ran (on the
 * first start, the last `historyDays` days) is seeded; then parcels keep moving every minute.
 */
export async function startDemoFleet(
  config: Config,
  devices: number,
  log: (line: string) => void,
  options: { historyDays?: number; signal?: AbortSignal } = {},
) {
  const sql = createSql(config.databaseUrl, { max: 4, applicationName: 'pioneira-demo-fleet' });
  let vehicleIds: string[] = [];
  for (let attempt = 0; attempt < 20 && vehicleIds.length === 0; attempt++) {
    vehicleIds = (await sql`SELECT id FROM vehicles ORDER BY id LIMIT ${devices}`).map((r) => String(r.id));
    if (vehicleIds.length === 0) await new Promise((r) => setTimeout(r, 500));
  }
  const sim = await startFleetSim({
    apiUrl: `http://127.0.0.1:${config.api.port}`,
    osmandUrl: `http://127.0.0.1:${config.ports.osmand}`,
    teltonikaHost: '127.0.0.1',
    teltonikaPort: config.ports.teltonika,
    trackerPorts: config.ports,
    // Every protocol the platform ingests, so the demo exercises each listener.
    protocols: { osmand: 3, json: 2, teltonika: 2, gt06: 1, h02: 1, suntech: 1, queclink: 1 },
    devices,
    seed: 1,
    provision: async (specs) => {
      const tokens = await provisionDevices(
        sql,
        specs.map((d, i) => ({ ...d, vehicleId: vehicleIds[i] })),
      );
      // The live fleet starts where the history ends: seed it first, the devices being registered.
      const started = Date.now();
      const seeded = await seedDemoHistory(sql, {
        devices: specs.map((d, index) => ({ identifier: d.identifier, index })),
        historyDays: options.historyDays ?? config.demo.historyDays,
        log,
        signal: options.signal,
      });
      if (seeded.fleet && seeded.fleet.positions > 0)
        log(
          `history seeded in ${Math.round((Date.now() - started) / 1000)} s; trips and rules derive from it now`,
        );
      if (options.signal?.aborted) throw new DemoStopped();
      return tokens;
    },
    log: (line) => log(`fleet-sim ${line}`),
  });

  let ticking: Promise<void> = Promise.resolve();
  const tick = () => {
    ticking = ticking.then(async () => {
      const now = Date.now();
      const clock = await readDemoClock(sql);
      const parcels = clock.get('parcels');
      if (parcels) await seedParcels(sql, parcels.until.getTime(), now, () => {}, parcels.from.getTime());
      const fleet = clock.get('fleet');
      await advanceDemoClock(sql, 'fleet', fleet?.from ?? new Date(now), new Date(now));
    });
    ticking = ticking.catch((error) => log(`demo clock: ${(error as Error).message}`));
    return ticking;
  };
  const timer = setInterval(tick, TICK_MS);
  return {
    async stop() {
      clearInterval(timer);
      await sim.stop();
      await tick();
      await sql.end();
    },
  };
}
