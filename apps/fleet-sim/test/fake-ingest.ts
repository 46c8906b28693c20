import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import {
  type DecodedPosition,
  decodeOsmAnd,
  TELTONIKA_IMEI_ACCEPTED,
  TeltonikaSession,
  teltonikaAck,
} from '@pioneira/protocols';

/** What the fake ingest should do with request number `n` (0-based) of one device. */
export interface FakeBehaviour {
  /** HTTP status for a device's n-th request; 200 stores the positions. */
  http?: (n: number) => number;
  /** ACK count for the n-th AVL packet of a connection (given the records sent). */
  teltonikaAck?: (n: number, records: number) => number;
  /** Close the connection right after ACKing the n-th packet of a connection. */
  teltonikaDropAfter?: (n: number) => boolean;
}

/**
 * A tiny stand-in for the platform's ingest (OsmAnd, JSON batch, Teltonika) that stores what it
 * acknowledges, keyed like the real one by (device, fix time), and also keeps every delivery in
 * order, so a fix sent twice shows as a duplicate instead of silently overwriting itself. It lets the
 * tests force 503s, short ACKs and dropped connections.
 */
export async function startFakeIngest(behaviour: FakeBehaviour = {}) {
  const stored = new Map<string, DecodedPosition>();
  const received: DecodedPosition[] = [];
  const duplicates: { position: DecodedPosition; via: 'osmand' | 'json' | 'teltonika' }[] = [];
  const keyOf = (p: DecodedPosition) => `${p.deviceIdentifier}@${p.fixedAt.toISOString()}`;
  const requests = new Map<string, number>();
  const count = (key: string) => {
    const n = requests.get(key) ?? 0;
    requests.set(key, n + 1);
    return n;
  };
  const store = (positions: DecodedPosition[], via: 'osmand' | 'json' | 'teltonika') => {
    for (const p of positions) {
      received.push(p);
      // Like the real ingest's unique (device, fix time): a second delivery is a duplicate, kept apart.
      if (stored.has(keyOf(p))) duplicates.push({ position: p, via });
      else stored.set(keyOf(p), p);
    }
  };

  const http: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const device =
      url.pathname === '/ingest/positions'
        ? (req.headers.authorization ?? '').replace(/^Bearer /, '')
        : (url.searchParams.get('id') ?? '');
    const status = behaviour.http?.(count(device)) ?? 200;
    if (status !== 200) {
      res.writeHead(status, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'fake', message: `fake status ${status}` } }));
      return;
    }
    if (url.pathname === '/ingest/positions') {
      const { positions } = JSON.parse(body) as { positions: Array<Record<string, unknown>> };
      store(
        positions.map((p) => ({
          deviceIdentifier: device,
          fixedAt: new Date(p.fixedAt as string),
          latitude: p.latitude as number,
          longitude: p.longitude as number,
          speedKmh: p.speedKmh as number,
          course: p.course as number,
          altitude: p.altitude as number,
          accuracy: null,
          attributes: {},
        })),
        'json',
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: positions.length, duplicates: 0 }));
      return;
    }
    store(decodeOsmAnd({ query: Object.fromEntries(url.searchParams) }, new Date()), 'osmand');
    res.writeHead(200).end();
  });

  const sockets = new Set<Socket>();
  const tcp: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const session = new TeltonikaSession();
    let packets = 0;
    socket.on('data', (chunk) => {
      for (const frame of session.push(chunk)) {
        if (frame.type === 'imei') socket.write(TELTONIKA_IMEI_ACCEPTED);
        if (frame.type === 'error') socket.destroy();
        if (frame.type !== 'avl') continue;
        const n = packets++;
        const acked = behaviour.teltonikaAck?.(n, frame.count) ?? frame.count;
        // Like a real server, only what the ACK covers is stored (here: the first `acked` records).
        store(frame.records.slice(0, acked), 'teltonika');
        // end(), not destroy(): the ACK leaves before the close, as from a server that hangs up.
        if (behaviour.teltonikaDropAfter?.(n)) socket.end(teltonikaAck(acked));
        else socket.write(teltonikaAck(acked));
      }
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const httpPort = (http.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${httpPort}`,
    teltonikaPort: (tcp.address() as { port: number }).port,
    /** Distinct positions stored, by (device, fix time). */
    stored,
    /** Every position delivered with a 200 or inside an ACK, in arrival order, duplicates included. */
    received,
    /** Deliveries of a (device, fix time) already stored, with the path they came by. */
    duplicates,
    async close() {
      for (const socket of sockets) socket.destroy();
      http.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => http.close(resolve)),
        new Promise((resolve) => tcp.close(resolve)),
      ]);
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
