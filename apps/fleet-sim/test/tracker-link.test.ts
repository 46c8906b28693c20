import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { trackerChannel } from '@pioneira/fleet-sim';
import { buildGt06Packet, GT06 } from '@pioneira/protocols';

// A simulated GT06 device must survive whatever a server writes: a packet it did not expect or bytes
// that are no GT06 packet are logged and skipped, and the acknowledgement behind them still counts.
// The peer here is a bare TCP server playing a misbehaving GT06 platform.
let server: Server;
let port = 0;
const sockets = new Set<Socket>();
/** What the peer writes before the acknowledgement of each status packet. */
let noise = Buffer.alloc(0);

before(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let inbox = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      inbox = Buffer.concat([inbox, chunk]);
      // Client packets: 78 78 <length> <protocol> … <serial (2)> <crc (2)> 0D 0A.
      while (inbox.length >= 5 && inbox.length >= inbox[2]! + 5) {
        const packet = inbox.subarray(0, inbox[2]! + 5);
        inbox = inbox.subarray(packet.length);
        const protocol = packet[3]!;
        const serial = packet.readUInt16BE(packet.length - 6);
        if (protocol === GT06.LOGIN) socket.write(buildGt06Packet(protocol, Buffer.alloc(0), serial));
        if (protocol === GT06.STATUS)
          socket.write(Buffer.concat([noise, buildGt06Packet(protocol, Buffer.alloc(0), serial)]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const batch = () => [
  {
    fixedAt: new Date(),
    latitude: -23.55,
    longitude: -46.63,
    speedKmh: 0,
    course: 0,
    altitude: 760,
    odometerMetres: 1000,
    ignition: true,
  },
];

test('GT06: an unexpected server packet and junk bytes before the acknowledgement are logged and ignored', async () => {
  // A packet the device does not expect (0x99), then bytes that are no GT06 packet at all.
  noise = Buffer.concat([buildGt06Packet(0x99, Buffer.from([1, 2, 3]), 7), Buffer.from('garbage\r\n')]);
  const problems: string[] = [];
  const sim = trackerChannel(
    'gt06',
    '864717003283599',
    '127.0.0.1',
    port,
    () => {},
    (p) => problems.push(p),
  );
  const signal = new AbortController().signal;
  assert.deepEqual(await sim.transmit(batch(), signal), { kind: 'acked' });
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0]!, /^a GT06 packet 0x99 where the reply 0x13 was due \[78780899/);
  assert.match(problems[1]!, /^not a GT06 packet \[67617262616765/);
  // The link is still usable: the next batch is acknowledged on the same connection.
  noise = Buffer.alloc(0);
  assert.deepEqual(await sim.transmit(batch(), signal), { kind: 'acked' });
  assert.equal(problems.length, 2);
  sim.link.close();
});
