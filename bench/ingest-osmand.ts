/**
 * `npm run bench -- ingest-osmand --json [--seconds 10] [--connections 200] [--devices 2000]`
 *
 * Phones: one fix per HTTP request to the OsmAnd port of a real worker process (listeners),
 * many keep-alive connections at once. Each 200 is sent only after the fix is committed (group commit),
 * so requests/s here is committed fixes/s. Beside it, the same-run baseline: a trivial `node:http`
 * server in a process of its own answering 200 on keep-alive connections, driven by the same load
 * generator with the same connections for the same time (DESIGN §6: the listener reaches ≥ 50% of it).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { freePort } from '@pioneira/devstack';
import type { Bench } from '../scripts/bench';
import { registerDevices, startStack } from './ingest';
import { percentiles } from './lib/load';

const flag = (args: string[], name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

/**
 * One phone connection, kept alive, one request in flight at a time (as Traccar Client does), written
 * and parsed by hand: node:http's client costs more CPU per request than the server being measured,
 * and on a 2-core machine that cost is taken from the server.
 */
class PhoneConnection {
  private socket: Socket;
  private buffer = '';
  private waiting: ((status: number) => void) | undefined;
  private failed: ((error: Error) => void) | undefined;

  constructor(port: number) {
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => this.read(chunk));
    this.socket.on('error', (error) => this.failed?.(error));
    this.socket.on('close', () => this.failed?.(new Error('connection closed')));
  }

  /** Sends one request and resolves with the status once its whole response arrived. */
  send(path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
      this.socket.write(`POST ${path} HTTP/1.1\r\nHost: bench\r\nContent-Length: 0\r\n\r\n`);
    });
  }

  close(): void {
    this.failed = undefined;
    this.socket.destroy();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.slice(0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    // A chunked answer (not ours, but a server may) ends with its zero-length chunk.
    const total = length
      ? end + 4 + Number(length[1])
      : /\r\ntransfer-encoding: *chunked/i.test(head)
        ? this.buffer.indexOf('\r\n0\r\n\r\n', end) + 7
        : end + 4;
    if (total < end + 4) return;
    if (this.buffer.length < total) return;
    const status = Number(this.buffer.slice(9, 12));
    this.buffer = this.buffer.slice(total);
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(status);
  }
}

/** Closed loop: each connection sends `path()` and waits for its answer, until `seconds` have passed. */
async function drive(port: number, connections: number, seconds: number, path: () => string) {
  const phones = Array.from({ length: connections }, () => new PhoneConnection(port));
  let ok = 0;
  let refused = 0;
  let failed = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    phones.map(async (phone) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await phone.send(path()).catch(() => 0);
        if (status === 200) {
          ok++;
          latencies.push(performance.now() - t0);
        } else if (status === 503) refused++;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const phone of phones) phone.close();
  return { ok, refused, failed, perSecond: Math.round(ok / elapsed), latencyMs: percentiles(latencies) };
}

// The baseline server: nothing but node:http answering 200 with an empty body, keep-alive.
const TRIVIAL_SERVER = `
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-length': '0' }); res.end(); });
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\\n'));
`;

async function trivialServerBaseline(connections: number, seconds: number, path: () => string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', TRIVIAL_SERVER], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(child.stdout!, 'data');
    return await drive(port, connections, seconds, path);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

const bench: Bench = async ({ args, log }) => {
  const seconds = Number(flag(args, 'seconds', '10'));
  const connections = Number(flag(args, 'connections', '200'));
  const deviceCount = Number(flag(args, 'devices', '2000'));
  // The OsmAnd listener in a process of its own: the relay and consumer do not share its event loop.
  const stack = await startStack('pioneira_bench_osmand', 'redis', log, ['relay,consumers', 'listeners']);
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
    const seconds0 = 1_760_000_000;
    const counters = new Map(devices.map((d) => [d.identifier, 0]));
    let next = 0;
    const pathFor = (identifier: string) => {
      const n = counters.get(identifier) ?? 0;
      counters.set(identifier, n + 1);
      return `/?id=${identifier}&timestamp=${seconds0 + n}&lat=${(-23.55 + n * 1e-5).toFixed(6)}&lon=-46.63&speed=12.5&bearing=90`;
    };
    log(`baseline: trivial node:http server, ${connections} connections, ${seconds} s`);
    const baseline = await trivialServerBaseline(connections, seconds, () =>
      pathFor(`baseline-${next++ % deviceCount}`),
    );
    log(`${connections} connections, one fix per request, ${seconds} s`);
    const run = await drive(port, connections, seconds, () =>
      pathFor(devices[next++ % devices.length].identifier),
    );
    const { ok, refused, failed } = run;
    const [{ stored }] = await stack.sql`SELECT count(*)::int AS stored FROM positions`;
    const [{ transactions }] = await stack.sql`SELECT count(*)::int AS transactions FROM outbox`;
    return {
      connections,
      devices: deviceCount,
      requestsPerSecond: run.perSecond,
      latencyMs: run.latencyMs,
      baselineTrivialServer: {
        requestsPerSecond: baseline.perSecond,
        latencyMs: baseline.latencyMs,
        failed: baseline.failed,
      },
      ratioToTrivialServer: Math.round((run.perSecond / Math.max(1, baseline.perSecond)) * 1000) / 1000,
      acknowledged: ok,
      refusedWith503: refused,
      failed,
      stored,
      lost: Math.max(0, ok - stored),
      duplicated: Math.max(0, stored - ok),
      outboxRowsLeft: transactions,
      targets: { ratioToTrivialServer: 0.5, requestsPerSecond: 10_000 },
    };
  } finally {
    await stack.stop();
  }
};

export default bench;
