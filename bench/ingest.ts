/**
 * `npm run bench -- ingest --json [--event-log redis|nats|kafka] [--seconds 15] [--devices 2000] [--concurrency 8]
 *   [--with trips,rules]`  (`--with`: more worker processes, one per role, e.g. to measure what the trips
 *   and rules consumers cost the ingest)
 *
 * In one run: raw COPY into `positions` (the baseline), then JSON batches of 1000 fixes over real HTTP
 * against a real api process, with the outbox relay and the latest-position consumer in a worker
 * process. Reports positions/s committed, the ratio to COPY, p50/p99 accepted→visible (visible = the
 * fix is the device's latest in Redis) at half load, and lost / duplicated counts. The figures are the
 * same whichever event log carries the positions, so runs can be compared side by side; Kafka is
 * KAFKA_BROKERS, or a broker started for the run when it is unset.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Sql } from '@pioneira/db';
import { freePort } from '@pioneira/devstack';
import { hashDeviceToken } from '@pioneira/gps';
import { LIVE_CHANNELS, TOPICS } from '@pioneira/pipeline';
import { Redis } from 'ioredis';
import type { Bench } from '../scripts/bench';
import { benchDatabase } from './lib/database';
import { benchEventLog } from './lib/event-log';
import { percentiles } from './lib/load';

const flag = (args: string[], name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

export interface Stack {
  url: string;
  sql: Sql;
  redis: Redis;
  prefix: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * A fresh bench database, an api process and worker processes on it: one per entry of `workers`
 * (`--roles` of each), so the device listeners need not share an event loop with the relay.
 * `BENCH_PROFILE_DIR=dir` runs every process with `--cpu-prof` into that folder.
 */
export async function startStack(
  name: string,
  eventLog: string,
  log: (line: string) => void,
  workers = ['relay,consumers'],
): Promise<Stack> {
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  const server = await benchEventLog(eventLog, log);
  const db = await benchDatabase(name, log).catch(async (error) => {
    await server.stop(prefix, []);
    throw error;
  });
  // CASCADE: the tables that reference devices (commands, …) go with them.
  await db.sql`TRUNCATE positions, position_attributes, outbox, devices, rejected_devices CASCADE`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // Free ports, asked of the OS: a fixed range can hit another process's api, which would answer /ready.
  const [port, osmandPort, teltonikaPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    EVENT_LOG: eventLog,
    ...server.env,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    API_HOST: '127.0.0.1',
    API_PORT: String(port),
    OSMAND_PORT: String(osmandPort),
    TELTONIKA_PORT: String(teltonikaPort),
    GT06_PORT: String(await freePort()),
    H02_PORT: String(await freePort()),
    SUNTECH_PORT: String(await freePort()),
    QUECLINK_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const node = (args: string[]) =>
    spawn(
      process.execPath,
      [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), 'bin/pioneira.mjs', ...args],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  const children = [node(['api']), ...workers.map((roles) => node(['worker', '--roles', roles]))];
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600 || children.some((c) => c.exitCode !== null)) {
      for (const child of children) child.kill('SIGKILL');
      await server.stop(prefix, [TOPICS.positions]);
      await db.close();
      throw new Error('the api or the worker did not start within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const redis = new Redis(redisUrl);
  return {
    url,
    sql: db.sql,
    redis,
    prefix,
    env,
    async stop() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(
        children.map(
          (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve))),
        ),
      );
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await server.stop(prefix, [TOPICS.positions]);
      await db.close();
    },
  };
}

/** Registers `count` devices straight in SQL (the bench measures ingest, not the admin API). */
export async function registerDevices(sql: Sql, count: number, protocol: string) {
  const devices = Array.from({ length: count }, (_, i) => ({
    identifier: `bench-${i}`,
    token: `pdt_bench_${i}_${randomBytes(8).toString('hex')}`,
  }));
  const rows = await sql<{ id: string; num: number; identifier: string }[]>`
    INSERT INTO devices (identifier, name, protocol, token_hash)
    SELECT identifier, identifier, ${protocol}, decode(hash, 'hex')
    FROM unnest(${devices.map((d) => d.identifier)}::text[], ${devices.map((d) => hashDeviceToken(d.token).toString('hex'))}::text[])
      AS u(identifier, hash)
    RETURNING id, num, identifier`;
  const byIdentifier = new Map(rows.map((r) => [r.identifier, r]));
  return devices.map((d) => ({ ...d, ...byIdentifier.get(d.identifier)! }));
}

async function copyBaseline(sql: Sql, nums: number[], rows: number): Promise<number> {
  const started = performance.now();
  const stream =
    await sql`COPY positions (fixed_at, device_num, lat_e7, lon_e7, speed_kmh, course, altitude, accuracy) FROM STDIN`.writable();
  const t0 = Date.UTC(2020, 0, 1);
  const chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const num = nums[i % nums.length];
    chunk.push(
      `${new Date(t0 + Math.floor(i / nums.length) * 1000).toISOString()}\t${num}\t-235500000\t-466300000\t42.08\t180.5\t760\t5\n`,
    );
    if (chunk.length === 5000) {
      if (!stream.write(chunk.join(''))) await new Promise((resolve) => stream.once('drain', resolve));
      chunk.length = 0;
    }
  }
  await new Promise<void>((resolve, reject) =>
    stream.end(chunk.join(''), () => resolve()).once('error', reject),
  );
  const seconds = (performance.now() - started) / 1000;
  return Math.round(rows / seconds);
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs a body and resolves with the status (the body is drained). */
export function post(
  url: string,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function batchBody(startMs: number, size: number): string {
  const parts: string[] = [];
  for (let i = 0; i < size; i++) {
    parts.push(
      `{"fixedAt":${startMs + i * 1000},"latitude":${(-23.55 + i * 1e-5).toFixed(6)},"longitude":-46.63,"speedKmh":${i % 90},"course":${i % 360}}`,
    );
  }
  return `{"positions":[${parts.join(',')}]}`;
}

/** Waits until the outbox is empty and every device's latest fix in Redis equals its newest stored fix. */
export async function settle(stack: Stack, deviceIds: string[], maxSeconds = 120) {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const [{ n }] = await stack.sql`SELECT count(*)::int AS n FROM outbox`;
    const newest = await stack.sql<{ id: string; t: Date }[]>`
      SELECT d.id, max(p.fixed_at) AS t FROM devices d JOIN positions p ON p.device_num = d.num GROUP BY d.id`;
    const keys = newest.map((r) => `${stack.prefix}:gps:latest:${r.id}`);
    const values = keys.length ? await stack.redis.mget(keys) : [];
    const wrong = newest.filter((r, i) => Number(values[i]?.split('|')[0]) !== r.t.getTime()).length;
    if ((n === 0 && wrong === 0) || Date.now() > deadline)
      return { outbox: n, latestWrong: wrong, devicesWithFixes: newest.length, checked: deviceIds.length };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const bench: Bench = async ({ args, log }) => {
  const eventLog = flag(args, 'event-log', 'redis');
  const seconds = Number(flag(args, 'seconds', '15'));
  const deviceCount = Number(flag(args, 'devices', '2000'));
  const concurrency = Number(flag(args, 'concurrency', '8'));
  const extra = flag(args, 'with', '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const batch = 1000;
  const stack = await startStack('pioneira_bench_ingest', eventLog, log, ['relay,consumers', ...extra]);
  try {
    const devices = await registerDevices(stack.sql, deviceCount, 'json');
    log(`COPY baseline: 1,000,000 rows`);
    const copyPerSecond = await copyBaseline(
      stack.sql,
      devices.map((d) => d.num),
      1_000_000,
    );
    const [{ bytes }] =
      await stack.sql`SELECT sum(pg_total_relation_size(c.oid))::float8 AS bytes FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'positions'::regclass`;
    const bytesPerPosition = Math.round(bytes / 1_000_000);
    await stack.sql`TRUNCATE positions, position_attributes, outbox`;

    // Each device uploads batches of consecutive fixes; fix times never repeat within the run.
    const cursor = new Map(devices.map((d) => [d.id, Date.UTC(2026, 0, 1)]));
    let accepted = 0;
    let refused = 0;
    let next = 0;
    const send = async () => {
      const device = devices[next++ % devices.length];
      const start = cursor.get(device.id)!;
      cursor.set(device.id, start + batch * 1000);
      const status = await post(stack.url, '/ingest/positions', batchBody(start, batch), {
        authorization: `Bearer ${device.token}`,
      });
      if (status === 200) accepted += batch;
      else {
        refused += batch;
        cursor.set(device.id, start); // resend later, like a device would
      }
      return { device, lastMs: start + (batch - 1) * 1000, status };
    };

    log(
      `full load: ${concurrency} connections × ${batch}-fix batches for ${seconds} s (event log ${eventLog})`,
    );
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) await send();
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const positionsPerSecond = Math.round(accepted / elapsed);

    log('half load: accepted → visible latency');
    const live = stack.redis.duplicate();
    const waiting = new Map<string, { lastMs: number; acceptedAt: number }>();
    const latencies: number[] = [];
    live.on('message', (_channel, message: string) => {
      for (const p of JSON.parse(message) as { deviceId: string; fixedAt: string }[]) {
        const w = waiting.get(p.deviceId);
        if (w && Date.parse(p.fixedAt) >= w.lastMs) {
          latencies.push(performance.now() - w.acceptedAt);
          waiting.delete(p.deviceId);
        }
      }
    });
    await live.subscribe(LIVE_CHANNELS.positions(stack.prefix));
    const halfRate = Math.max(1, positionsPerSecond / 2 / batch); // batches per second
    const halfSeconds = Math.min(10, seconds);
    const halfStarted = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; performance.now() - halfStarted < halfSeconds * 1000; i++) {
      const due = halfStarted + (i / halfRate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(
        send().then(({ device, lastMs, status }) => {
          if (status === 200) waiting.set(device.id, { lastMs, acceptedAt: performance.now() });
        }),
      );
    }
    await Promise.all(inFlight);
    const settled = await settle(
      stack,
      devices.map((d) => d.id),
    );
    await live.quit();

    const [{ stored }] = await stack.sql`SELECT count(*)::int AS stored FROM positions`;
    return {
      eventLog,
      extraRoles: extra,
      devices: deviceCount,
      batchSize: batch,
      concurrency,
      copyPositionsPerSecond: copyPerSecond,
      positionsPerSecond,
      ratioToCopy: Math.round((positionsPerSecond / copyPerSecond) * 1000) / 1000,
      refusedWith503: refused,
      halfLoad: {
        batchesPerSecond: Math.round(halfRate * 10) / 10,
        visibleMs: percentiles(latencies),
        unmatched: waiting.size,
      },
      acknowledged: accepted,
      stored,
      lost: Math.max(0, accepted - stored),
      duplicated: Math.max(0, stored - accepted),
      latestPositionsWrong: settled.latestWrong,
      outboxLeft: settled.outbox,
      bytesPerPosition,
      targets: { ratioToCopy: 0.4, p99VisibleMs: 1000 },
    };
  } finally {
    await stack.stop();
  }
};

export default bench;
