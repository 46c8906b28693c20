import type { Config } from '@pioneira/config';
import { createSql } from '@pioneira/db';
import { provisionDevices, startFleetSim } from '@pioneira/fleet-sim';

/**
 * For the demo: simulated trackers driving São Paulo over OsmAnd, JSON batches, Teltonika, GT06, H02,
 * Suntech and Queclink, each linked to one of the MiX vehicles once the first sync has brought them in.
 */
export async function startDemoFleet(config: Config, devices: number, log: (line: string) => void) {
  const sql = createSql(config.databaseUrl, { max: 2, applicationName: 'pioneira-demo-fleet' });
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
    provision: (specs) =>
      provisionDevices(
        sql,
        specs.map((d, i) => ({ ...d, vehicleId: vehicleIds[i] })),
      ),
    log: (line) => log(`fleet-sim ${line}`),
  });
  return {
    async stop() {
      await sim.stop();
      await sql.end();
    },
  };
}
