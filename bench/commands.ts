/**
 * `npm run bench -- commands --json [--devices 200] [--rounds 5]`
 *
 * Remote commands end to end on one machine: `devices` Teltonika devices hold open TCP sessions on a
 * real listener with the command dispatcher; each gets `rounds` custom commands queued through the
 * service (rules, audit, NOTIFY) one after another, answers each in Codec 12, and the next is queued
 * when the answer is recorded. Reports queue→bytes-at-device latency and commands/s, beside the bare
 * round trip of the same bytes over the same sockets without the platform (the baseline).
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { CommandDispatcher, CommandsService } from '@pioneira/commands';
import { IngestService, startTeltonikaServer } from '@pioneira/gps';
import { encodeCodec12Command, encodeCodec12Response, encodeTeltonikaImei } from '@pioneira/protocols';
import type { Bench } from '../scripts/bench';
import { benchDatabase } from './lib/database';
import { percentiles } from './lib/load';

const flag = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};

/** A device that answers every Codec 12 command it gets and tells who waits for one. */
class Device {
  readonly socket: Socket;
  private buffer = Buffer.alloc(0);
  private waiting: ((at: number) => void) | undefined;
  private accepted: (() => void) | undefined;

  constructor(port: number, imei: string) {
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.write(encodeTeltonikaImei(imei));
  }

  ready(): Promise<void> {
    return new Promise((resolve) => (this.accepted = resolve));
  }

  /** Resolves with the time the next command arrived (it is answered at once). */
  next(): Promise<number> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (this.accepted) {
      this.buffer = this.buffer.subarray(1);
      const done = this.accepted;
      this.accepted = undefined;
      done();
    }
    while (this.buffer.length >= 12) {
      const total = 12 + this.buffer.readUInt32BE(4);
      if (this.buffer.length < total) return;
      this.buffer = this.buffer.subarray(total);
      this.socket.write(encodeCodec12Response('DOUT1:1 DOUT2:0'));
      const at = performance.now();
      const waiter = this.waiting;
      this.waiting = undefined;
      waiter?.(at);
    }
  }
}

const bench: Bench = async ({ args, log }) => {
  const devices = flag(args, 'devices', 200);
  const rounds = flag(args, 'rounds', 5);
  const db = await benchDatabase('pioneira_bench_commands', log);
  const { sql } = db;
  await sql`DELETE FROM command_audit`;
  await sql`DELETE FROM commands`;
  const [user] = await sql`
    INSERT INTO users (email, name, role, password_hash) VALUES ('bench@pioneira.test', 'Bench', 'admin', 'x')
    ON CONFLICT ((lower(email))) DO UPDATE SET name = excluded.name RETURNING id`;
  const imeis = Array.from({ length: devices }, (_, i) => String(350000000000000 + i));
  const rows = await sql`
    INSERT INTO devices (identifier, name, protocol) SELECT i, i, 'teltonika' FROM unnest(${imeis}::text[]) AS i
    ON CONFLICT (identifier) DO UPDATE SET name = excluded.name RETURNING id, identifier`;
  const idOf = new Map(rows.map((r) => [r.identifier as string, r.id as string]));
  const ingest = new IngestService(sql);
  await ingest.start();
  const dispatcher = new CommandDispatcher(sql, { pollMs: 5_000, answerTimeoutSeconds: 120 });
  await dispatcher.start();
  const server = await startTeltonikaServer(ingest, { host: '127.0.0.1', port: 0, commands: dispatcher });
  const service = new CommandsService(sql);
  const actor = { id: user.id as string, name: 'Bench', role: 'admin' as const };
  const clients = imeis.map((imei) => new Device(server.port, imei));
  await Promise.all(clients.map((c) => c.ready()));
  log(`${devices} devices connected; ${rounds} commands each`);

  // The platform: queue (rules, audit, commit, NOTIFY) → dispatcher → session → device → answer.
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      for (let r = 0; r < rounds; r++) {
        const arrived = client.next();
        const queuedAt = performance.now();
        await service.queue(
          { deviceId: idOf.get(imeis[i])! },
          { type: 'custom', text: `getparam ${r}`, confirmation: imeis[i], reason: 'bench' },
          actor,
        );
        latencies.push((await arrived) - queuedAt);
        // The next command waits until the dispatcher has recorded this answer.
        for (;;) {
          const [row] = await sql`
            SELECT count(*)::int AS n FROM commands WHERE device_id = ${idOf.get(imeis[i])!} AND state = 'sent'`;
          if (row.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const [counts] = await sql`
    SELECT count(*) FILTER (WHERE state = 'acknowledged')::int AS acknowledged, count(*)::int AS total FROM commands`;

  // Baseline: a bare TCP server writes the same bytes to the same number of device sockets.
  const serverSockets = new Map<string, Socket>();
  const bare = createServer((socket) => {
    socket.once('data', (hello: Buffer) => {
      serverSockets.set(hello.subarray(2).toString('latin1'), socket);
      socket.write(Buffer.from([1]));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareClients = imeis.map((imei) => new Device((bare.address() as AddressInfo).port, imei));
  await Promise.all(bareClients.map((c) => c.ready()));
  const rawLatencies: number[] = [];
  const rawStarted = performance.now();
  await Promise.all(
    bareClients.map(async (client, i) => {
      for (let r = 0; r < rounds; r++) {
        const arrived = client.next();
        const at = performance.now();
        serverSockets.get(imeis[i])?.write(encodeCodec12Command(`getparam ${r}`));
        rawLatencies.push((await arrived) - at);
      }
    }),
  );
  const rawSeconds = (performance.now() - rawStarted) / 1000;

  for (const c of [...clients, ...bareClients]) c.socket.destroy();
  await new Promise((resolve) => bare.close(resolve));
  await server.close();
  await dispatcher.stop();
  await ingest.stop();
  await db.close();
  const total = devices * rounds;
  return {
    devices,
    rounds,
    commands: total,
    acknowledged: counts.acknowledged,
    lost: total - counts.acknowledged,
    commandsPerSecond: Math.round(total / seconds),
    deliveryMs: percentiles(latencies),
    baseline: {
      what: 'a bare node:net server writing the same Codec 12 bytes to as many device sockets (no queue, no database)',
      commandsPerSecond: Math.round(total / rawSeconds),
      deliveryMs: percentiles(rawLatencies),
    },
  };
};

export default bench;
