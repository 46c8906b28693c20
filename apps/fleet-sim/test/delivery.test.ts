import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildFleet, type FleetStats, startFleetSim } from '@pioneira/fleet-sim';
import { startFakeIngest } from './fake-ingest';

const SEED = 5;
const DEVICES = 9;
// Every JSON device gets a token the fake server treats as its identity.
const tokens = Object.fromEntries(
  buildFleet({ devices: DEVICES, seed: SEED })
    .filter((d) => d.protocol === 'json')
    .map((d) => [d.identifier, `tok-${d.identifier}`]),
);

/** Runs the fleet fast (a simulated hour ago, 50× real time) for `ms`, then stops it. */
async function runFleet(target: { url: string; teltonikaPort: number }, ms: number): Promise<FleetStats> {
  const fleet = await startFleetSim({
    apiUrl: target.url,
    osmandUrl: target.url,
    teltonikaHost: '127.0.0.1',
    teltonikaPort: target.teltonikaPort,
    devices: DEVICES,
    seed: SEED,
    intervalMs: 5000,
    speedup: 50,
    startAt: new Date(Date.now() - 3_600_000),
    jsonBatchSize: 4,
    deviceTokens: tokens,
    drainMs: 5000,
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  const during = fleet.stats();
  assert.ok(during.total.sent > 0, 'the fleet reports while running');
  return fleet.stop();
}

describe('delivery against a fake ingest', () => {
  test('503 with Retry-After, short Teltonika ACKs and dropped connections: every fix is stored once, a copy only by a counted resend', async () => {
    const server = await startFakeIngest({
      http: (n) => (n === 0 || n === 3 ? 503 : 200),
      teltonikaAck: (n, records) => (n === 0 ? records - 1 : n === 2 ? 0 : records),
      teltonikaDropAfter: (n) => n === 4,
    });
    after(() => server.close());
    const stats = await runFleet(server, 3000);

    for (const protocol of ['osmand', 'json', 'teltonika'] as const) {
      const s = stats[protocol];
      assert.ok(s.sent > 0, `${protocol} sent nothing`);
      assert.ok(s.retried > 0, `${protocol} never resent: ${JSON.stringify(s)}`);
      assert.equal(s.acked, s.sent, `${protocol}: ${JSON.stringify(s)}`);
      assert.equal(s.failed, 0);
      assert.equal(s.queued, 0);
    }
    assert.ok(stats.teltonika.reconnects > 0, 'the Teltonika devices reconnected after the drop');
    // Every fix the fleet produced is stored, once, with no hole in any device's sequence.
    assert.equal(server.stored.size, stats.total.sent);
    assert.equal(server.received.length, server.stored.size + server.duplicates.length);
    // A fix arrives again only by a counted resend (a short Teltonika ACK makes the device resend the
    // whole packet, a reply that came too late makes it retry); the ingest's key drops the copy.
    for (const protocol of ['osmand', 'json', 'teltonika'] as const) {
      const copies = server.duplicates.filter((d) => d.via === protocol).length;
      assert.ok(
        copies <= stats[protocol].retried,
        `${protocol}: ${copies} fixes delivered twice, only ${stats[protocol].retried} resent`,
      );
    }
    const times = new Map<string, number[]>();
    for (const p of server.stored.values()) {
      const list = times.get(p.deviceIdentifier) ?? [];
      list.push(p.fixedAt.getTime());
      times.set(p.deviceIdentifier, list);
    }
    assert.equal(times.size, DEVICES);
    for (const [device, list] of times) {
      list.sort((a, b) => a - b);
      for (let i = 1; i < list.length; i++) {
        const gap = (list[i] as number) - (list[i - 1] as number);
        assert.ok(gap >= 1000 && gap <= 7000, `${device}: a gap of ${gap} ms between fixes`);
      }
    }
  });

  test('a refused request (4xx) is dropped and counted as failed, not resent', async () => {
    const server = await startFakeIngest({ http: () => 400 });
    after(() => server.close());
    const stats = await runFleet(server, 1000);
    for (const protocol of ['osmand', 'json'] as const) {
      assert.ok(stats[protocol].sent > 0);
      assert.equal(stats[protocol].retried, 0);
      assert.equal(stats[protocol].acked, 0);
      assert.equal(stats[protocol].failed, stats[protocol].sent);
    }
    assert.equal(stats.teltonika.acked, stats.teltonika.sent);
  });

  test('stop() gives up on an unreachable server within the drain time and counts what was lost', async () => {
    const server = await startFakeIngest();
    const { url, teltonikaPort } = server;
    await server.close(); // nothing listens on these ports any more
    const fleet = await startFleetSim({
      apiUrl: url,
      osmandUrl: url,
      teltonikaPort,
      devices: DEVICES,
      seed: SEED,
      speedup: 50,
      startAt: new Date(Date.now() - 3_600_000),
      deviceTokens: tokens,
      drainMs: 500,
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    // stop() returning at all (the drain gives up on an unreachable server) is what this checks.
    const stats = await fleet.stop();
    assert.equal(stats.total.acked, 0);
    assert.ok(stats.total.failed > 0);
    assert.equal(stats.total.queued, 0);
    assert.ok(stats.osmand.retried > 0, 'connection errors are retried while running');
  });
});
