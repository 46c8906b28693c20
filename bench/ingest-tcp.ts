/**
 * `npm run bench -- ingest-tcp --json [--seconds 10] [--devices 200] [--batch 10] [--rate 20]`
 *
 * Trackers over real TCP: for each protocol in turn (Teltonika, GT06, Queclink, H02, Suntech),
 * `--devices` simulated devices, one connection each, against the listeners role of a real worker
 * process on a fresh database. Teltonika, GT06 and Queclink wait for each acknowledgement, which the
 * server writes only after COMMIT (GT06: a status packet after each batch of locations, acknowledged
 * in order); H02 and Suntech have no acknowledgement, so each device sends `--rate` fixes/s and the
 * figure is what got committed. Reports positions/s per protocol, acknowledged, stored and lost.
 */
import { connect, type Socket } from 'node:net';
import {
  encodeGt06Location,
  encodeGt06Login,
  encodeGt06Status,
  encodeH02Text,
  encodeQueclinkFri,
  encodeSuntechStt,
  encodeTeltonikaCodec8,
  encodeTeltonikaImei,
} from '@pioneira/protocols';
import type { Bench } from '../scripts/bench';
import { type Stack, startStack } from './ingest';

const flag = (args: string[], name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};

type Protocol = 'teltonika' | 'gt06' | 'queclink' | 'h02' | 'suntech';
const PORT_VARS: Record<Protocol, string> = {
  teltonika: 'TELTONIKA_PORT',
  gt06: 'GT06_PORT',
  queclink: 'QUECLINK_PORT',
  h02: 'H02_PORT',
  suntech: 'SUNTECH_PORT',
};
const T0 = Date.UTC(2026, 0, 1);

const identifierOf = (protocol: Protocol, i: number) =>
  protocol === 'h02'
    ? `7${String(i).padStart(9, '0')}`
    : protocol === 'suntech'
      ? `8${String(i).padStart(8, '0')}`
      : `35${String(protocol.length).padStart(2, '0')}${String(i).padStart(11, '0')}`;

/** A connection that reads replies by a framing rule. */
class Link {
  private inbox = Buffer.alloc(0);
  private wake = () => {};
  closed = false;

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.inbox = Buffer.concat([this.inbox, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<Link> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => resolve(new Link(socket)));
      socket.once('error', reject);
    });
  }

  async read(bytes: number): Promise<Buffer | null> {
    while (this.inbox.length < bytes && !this.closed) await new Promise<void>((r) => (this.wake = r));
    if (this.inbox.length < bytes) return null;
    const out = this.inbox.subarray(0, bytes);
    this.inbox = this.inbox.subarray(bytes);
    return out;
  }

  async readUntil(byte: number, count: number): Promise<boolean> {
    let seen = 0;
    while (seen < count) {
      const at = this.inbox.indexOf(byte);
      if (at >= 0) {
        this.inbox = this.inbox.subarray(at + 1);
        seen++;
        continue;
      }
      if (this.closed) return false;
      await new Promise<void>((r) => (this.wake = r));
    }
    return true;
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }
}

function fixes(n0: number, batch: number) {
  return Array.from({ length: batch }, (_, k) => {
    const n = n0 + k;
    return {
      fixedAt: new Date(T0 + n * 1000),
      latitude: -23.55 + (n % 1000) * 1e-5,
      longitude: -46.63,
      speedKmh: n % 90,
      course: n % 360,
      ignition: true,
      odometer: n * 10,
      count: n,
    };
  });
}

/** Runs one device for `seconds`; returns the fixes acknowledged (or written, without acknowledgement). */
async function device(
  protocol: Protocol,
  port: number,
  identifier: string,
  deadline: number,
  batch: number,
  rate: number,
) {
  const link = await Link.open(port);
  let n = 0;
  let done = 0;
  try {
    if (protocol === 'teltonika') {
      await link.write(encodeTeltonikaImei(identifier));
      if ((await link.read(1))?.[0] !== 1) return { done, sent: n };
    }
    if (protocol === 'gt06') {
      await link.write(encodeGt06Login(identifier, 1));
      if (!(await link.read(10))) return { done, sent: n };
    }
    let serial = 2;
    while (performance.now() < deadline) {
      const group = fixes(n, batch);
      n += batch;
      if (protocol === 'teltonika') {
        await link.write(encodeTeltonikaCodec8(group.map((f) => ({ ...f, angle: f.course, satellites: 9 }))));
        const ack = await link.read(4);
        if (!ack) break;
        done += ack.readUInt32BE(0);
      } else if (protocol === 'gt06') {
        await link.write(
          Buffer.concat([
            ...group.map((f) => encodeGt06Location(f, serial++ & 0xffff)),
            encodeGt06Status(true, serial++ & 0xffff),
          ]),
        );
        if (!(await link.read(10))) break;
        done += batch;
      } else if (protocol === 'queclink') {
        await link.write(Buffer.concat(group.map((f) => encodeQueclinkFri(identifier, f))));
        if (!(await link.readUntil(0x24, batch))) break;
        done += batch;
      } else {
        const started = performance.now();
        const encode =
          protocol === 'h02'
            ? (f: (typeof group)[0]) => encodeH02Text(identifier, f)
            : (f: (typeof group)[0]) => encodeSuntechStt(identifier, f);
        await link.write(Buffer.concat(group.map(encode)));
        done += batch;
        const pause = (batch / rate) * 1000 - (performance.now() - started);
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  } finally {
    link.socket.end();
  }
  return { done, sent: n };
}

async function phase(
  stack: Stack,
  protocol: Protocol,
  devices: number,
  seconds: number,
  batch: number,
  rate: number,
) {
  await stack.sql`TRUNCATE positions, position_attributes, outbox`;
  const identifiers = Array.from({ length: devices }, (_, i) => identifierOf(protocol, i));
  await stack.sql`
    INSERT INTO devices (identifier, name, protocol)
    SELECT i, i, ${protocol} FROM unnest(${identifiers}::text[]) AS i ON CONFLICT (identifier) DO NOTHING`;
  const port = Number(stack.env[PORT_VARS[protocol]]);
  const started = performance.now();
  const results = await Promise.all(
    identifiers.map((id) => device(protocol, port, id, started + seconds * 1000, batch, rate)),
  );
  const acknowledged = results.reduce((sum, r) => sum + r.done, 0);
  const sent = results.reduce((sum, r) => sum + r.sent, 0);
  const ackedAt = performance.now();
  // Without acknowledgements (H02, Suntech) the last writes may still be committing.
  let stored = 0;
  for (let i = 0; i < 300; i++) {
    stored = (await stack.sql`SELECT count(*)::int AS n FROM positions`)[0]!.n as number;
    if (stored >= acknowledged) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const committedAt = performance.now();
  const hasAck = protocol === 'teltonika' || protocol === 'gt06' || protocol === 'queclink';
  return {
    devices,
    connections: devices,
    positionsPerSecond: Math.round(
      (hasAck ? acknowledged : stored) / (((hasAck ? ackedAt : committedAt) - started) / 1000),
    ),
    acknowledgedAfterCommit: hasAck ? acknowledged : null,
    written: sent,
    stored,
    lost: Math.max(0, (hasAck ? acknowledged : sent) - stored),
  };
}

const bench: Bench = async ({ args, log }) => {
  const seconds = Number(flag(args, 'seconds', '10'));
  const devices = Number(flag(args, 'devices', '200'));
  const batch = Number(flag(args, 'batch', '10'));
  const rate = Number(flag(args, 'rate', '20'));
  const stack = await startStack('pioneira_bench_tcp', 'redis', log, ['relay,consumers', 'listeners']);
  try {
    const port = Number(stack.env.GT06_PORT);
    for (let i = 0; i < 100; i++) {
      const up = await Link.open(port).then(
        (l) => (l.socket.destroy(), true),
        () => false,
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const protocols: Record<string, unknown> = {};
    for (const protocol of ['teltonika', 'gt06', 'queclink', 'h02', 'suntech'] as const) {
      log(`${protocol}: ${devices} devices over TCP, batches of ${batch}, ${seconds} s`);
      protocols[protocol] = await phase(stack, protocol, devices, seconds, batch, rate);
      log(`${protocol}: ${JSON.stringify(protocols[protocol])}`);
    }
    return { devicesPerProtocol: devices, seconds, batch, noAckRatePerDevice: rate, protocols };
  } finally {
    await stack.stop();
  }
};

export default bench;
