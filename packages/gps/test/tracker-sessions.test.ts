import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type CommandSessionLink,
  type CommandSessions,
  encodeGt06Command,
  encodeGt06Login,
  Gt06Session,
} from '@pioneira/protocols';
import { startTrackerServer, type TrackerServer } from '../src';
import { createHarness, type Harness } from './harness';
import { type TcpClient, tcpClient } from './tcp';

// One device, two connections (a tracker that reconnected while its old socket is not yet known to be
// dead, or a second unit claiming the same IMEI): the live session of the device is the newest open
// one, and a connection closing takes itself out, never the other.
let h: Harness;
let server: TrackerServer;
const links: { link: CommandSessionLink; closed: boolean }[] = [];
const sessions: CommandSessions = {
  open(link) {
    const entry = { link, closed: false };
    links.push(entry);
    return {
      answered: () => {},
      writable: () => {},
      closed: () => {
        entry.closed = true;
      },
    };
  },
};
const clients: TcpClient[] = [];

before(async () => {
  h = await createHarness();
  server = await startTrackerServer(h.ingest, {
    protocol: 'gt06',
    createSession: () => new Gt06Session(),
    host: '127.0.0.1',
    port: 0,
    commands: sessions,
  });
});
after(async () => {
  for (const client of clients) client.socket.destroy();
  await server?.close();
  await h?.close();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function logIn(imei: string): Promise<TcpClient> {
  const client = await tcpClient(server.port);
  clients.push(client);
  client.socket.write(encodeGt06Login(imei, 1));
  assert.equal((await client.read(10)).subarray(3, 4).toString('hex'), '01', 'login acknowledged');
  return client;
}

test('the second connection of a device closing leaves the first one live: commands still reach it', async () => {
  const imei = '864717003283601';
  await h.device(imei, 'gt06');
  const base = server.guard.size;
  const first = await logIn(imei);
  const second = await logIn(imei);
  assert.deepEqual(server.connected().includes(imei), true);
  const command = encodeGt06Command('WHERE#', 1);
  // The newest connection is the live one while both are open.
  assert.equal(server.send(imei, command), true);
  assert.deepEqual(await second.read(command.length), command);

  second.socket.destroy();
  await until(() => server.guard.size === base + 1);
  assert.deepEqual(server.connected(), [imei], 'the device is still connected through the first');
  assert.equal(server.send(imei, command), true);
  assert.deepEqual(await first.read(command.length), command, 'written to the first connection');
  assert.deepEqual(
    links.map((l) => l.closed),
    [false, true],
    "only the second connection's command session is closed",
  );

  first.socket.destroy();
  await until(() => server.guard.size === base);
  assert.deepEqual(server.connected(), []);
  assert.equal(server.send(imei, command), false);
});

test('the first connection closing leaves the second, newer one live', async () => {
  const imei = '864717003283602';
  await h.device(imei, 'gt06');
  const base = server.guard.size;
  const first = await logIn(imei);
  const second = await logIn(imei);
  first.socket.destroy();
  await until(() => server.guard.size === base + 1);
  const command = encodeGt06Command('WHERE#', 2);
  assert.equal(server.send(imei, command), true);
  assert.deepEqual(await second.read(command.length), command);
  second.socket.destroy();
  await until(() => server.guard.size === base);
  assert.deepEqual(server.connected().includes(imei), false);
});
