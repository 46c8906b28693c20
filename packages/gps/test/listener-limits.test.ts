import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { encodeTeltonikaCodec8, encodeTeltonikaImei } from '@pioneira/protocols';
import { startOsmAndServer, startTeltonikaServer } from '../src';
import { createHarness, type Harness } from './harness';
import { type TcpClient, tcpClient } from './tcp';

// Idle sockets are file descriptors: past the caps they are refused at once, a connection that does
// not identify itself in time is closed, and real devices (from other addresses) still get through.
// Linux routes all of 127/8 to loopback, so 127.0.0.x stand for different sources.
let h: Harness;
before(async () => {
  h = await createHarness();
});
after(async () => h.close());

const FLOODER = '127.0.0.1';
const DEVICE = '127.0.0.2';
const OTHER = '127.0.0.3';

async function flood(port: number, n: number, from: string): Promise<TcpClient[]> {
  return Promise.all(Array.from({ length: n }, () => tcpClient(port, from)));
}
// Which sockets of a flood the server admits depends on arrival order: count, do not pick.
const closedCount = (clients: TcpClient[]) => clients.filter((c) => c.isClosed()).length;

test('Teltonika: a flood beyond the per-address and total caps is refused while a device still connects and is served', async () => {
  const server = await startTeltonikaServer(h.ingest, {
    host: '127.0.0.1',
    port: 0,
    limits: { maxConnections: 6, maxPerAddress: 4, handshakeTimeoutMs: 60_000 },
  });
  const sockets: TcpClient[] = [];
  try {
    await h.device('860000000000020', 'teltonika');
    const flooders = await flood(server.port, 12, FLOODER);
    sockets.push(...flooders);
    // The server closes every socket past the address cap; the 4 admitted ones stay open (idle).
    await eventuallyTrue(() => closedCount(flooders) === 8);
    assert.equal(server.guard.size, 4);
    assert.equal(h.ingest.refusals.get('address_limit', 'teltonika'), 8);

    const device = await tcpClient(server.port, DEVICE);
    sockets.push(device);
    device.socket.write(encodeTeltonikaImei('860000000000020'));
    assert.deepEqual(await device.read(1), Buffer.from([1]), 'the device is accepted');
    device.socket.write(
      encodeTeltonikaCodec8([{ fixedAt: new Date(Date.now() - 60_000), latitude: -23.5, longitude: -46.6 }]),
    );
    assert.equal((await device.read(4)).readUInt32BE(0), 1, 'and its record committed');

    // 4 flooders + the device + one more = the total cap of 6; the next one from anywhere is refused.
    const others = await flood(server.port, 2, OTHER);
    sockets.push(...others);
    await eventuallyTrue(() => closedCount(others) === 1);
    assert.equal(server.guard.size, 6);
    assert.equal(h.ingest.refusals.get('connection_limit', 'teltonika'), 1);
    // The counts reach PostgreSQL, where the api's /metrics reads every process's refusals.
    await h.ingest.refusals.flush();
    const counted = await h.db.sql`
      SELECT reason, refused::int AS n FROM ingest_refusals WHERE protocol = 'teltonika' ORDER BY reason`;
    assert.deepEqual(
      counted.map((r) => [r.reason, r.n]),
      [
        ['address_limit', 8],
        ['connection_limit', 1],
      ],
    );
    // A slot freed is a slot available again.
    const admitted = flooders.find((c) => !c.isClosed())!;
    admitted.socket.destroy();
    await admitted.closed;
    await eventuallyTrue(() => server.guard.size === 5);
    const again = await tcpClient(server.port, OTHER);
    sockets.push(again);
    again.socket.write(encodeTeltonikaImei('860000000000020'));
    assert.deepEqual(await again.read(1), Buffer.from([1]));
  } finally {
    for (const client of sockets) client.socket.destroy();
    await server.close();
  }
});

test('Teltonika: a connection that sends no IMEI within the handshake timeout is closed and counted', async () => {
  const server = await startTeltonikaServer(h.ingest, {
    host: '127.0.0.1',
    port: 0,
    limits: { handshakeTimeoutMs: 200 },
  });
  try {
    const silent = await tcpClient(server.port);
    await eventuallyTrue(() => silent.isClosed());
    assert.equal(h.ingest.refusals.get('handshake_timeout', 'teltonika'), 1);
    await eventuallyTrue(() => server.guard.size === 0);
  } finally {
    await server.close();
  }
});

test('OsmAnd port: idle sockets beyond the cap are refused, silent ones time out, and requests are still served', async () => {
  await h.device('osm-limits');
  const server = await startOsmAndServer(h.ingest, {
    host: '127.0.0.1',
    port: 0,
    limits: { maxConnections: 100, maxPerAddress: 3, handshakeTimeoutMs: 1_000 },
  });
  try {
    const flooders = await flood(server.port, 8, FLOODER);
    await eventuallyTrue(() => closedCount(flooders) >= 5);
    assert.equal(h.ingest.refusals.get('address_limit', 'osmand'), 5);
    const status = await get(server.port, DEVICE, '/?id=osm-limits&lat=-23.5&lon=-46.6');
    assert.equal(status, 200, 'a phone from another address is served while the flood holds its sockets');
    // The admitted idle sockets never send a request: the headers timeout closes them.
    await eventuallyTrue(() => closedCount(flooders) === 8);
    assert.equal(h.ingest.refusals.get('address_limit', 'osmand'), 5);
    assert.equal(h.ingest.refusals.get('handshake_timeout', 'osmand'), 3);
  } finally {
    await server.close();
  }
});

function get(port: number, localAddress: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits for `check` to hold; fails the test after `ms` instead of hanging. */
async function eventuallyTrue(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
