import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlertRulesService, WebhookEndpointsService } from '@pioneira/alerts';
import { createEventLog } from '@pioneira/eventlog';
import { TOPICS } from '@pioneira/pipeline';
import { GeofencesService } from '@pioneira/rules';
import { post, registerDevices, startStack } from '../ingest';
import { percentiles } from './load';

/** One fleet fix as the rules benchmark generates it. */
export interface StreamFix {
  t: number;
  latitude: number;
  longitude: number;
  speedKmh: number | null;
  course: number | null;
  ignition: boolean | null;
}

export interface StreamOptions {
  devices: number;
  fixesPerDevice: number;
  /** Fixes per HTTP request of a fleet device (a tracker's buffer). */
  requestFixes: number;
  latencySeconds: number;
  probes: number;
  track: (device: number, fixes: number, from: number) => StreamFix[];
  geofences: Array<Record<string, unknown>>;
  log: (line: string) => void;
}

const EVENT_TYPES = [
  'rules.overspeed',
  'rules.idling',
  'rules.harsh-braking',
  'rules.after-hours',
  'geofence.enter',
  'geofence.exit',
  'geofence.dwell',
  'device.offline',
];
// The probes' geofence, away from the fleet's area: a fix at its centre enters, one 2 km south exits.
const PROBE = { lat: -23.7, lon: -46.8, radiusM: 300 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const body = (fixes: StreamFix[]) =>
  JSON.stringify({
    positions: fixes.map((f) => ({
      fixedAt: f.t,
      latitude: Number(f.latitude.toFixed(7)),
      longitude: Number(f.longitude.toFixed(7)),
      speedKmh: f.speedKmh,
      course: f.course,
      ...(f.ignition === null ? {} : { attributes: { ignition: f.ignition } }),
    })),
  });

/**
 * The live path end to end, each part in a process of its own as in production: the api (HTTP
 * ingest), the relay and the alerts worker (consumer group and deliveries), then the `rules` and
 * `geofences` roles. (a) A backlog of fleet positions is ingested over HTTP while the rules and
 * geofences roles are down; they are then started and the time they take to drain it gives the
 * positions per second through the consumers (real event-log batches, every rule, every geofence).
 * (b) With everything running and the fleet still reporting, probe devices drive in and out of a
 * geofence that one of the alert rules watches: the time from the ingest's 200 to the signed webhook
 * reaching a local HTTP receiver is the alert latency.
 */
export async function streamBench(o: StreamOptions) {
  const { log } = o;
  const received = new Map<string, number>();
  const receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const at = Date.now();
      try {
        const event = (JSON.parse(text) as { event: { occurredAt: string; vehicle: { id: string } | null } })
          .event;
        received.set(`${event.vehicle?.id}|${Date.parse(event.occurredAt)}`, at);
      } catch {}
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const stack = await startStack('pioneira_bench_rules_stream', 'redis', log, ['relay,consumers', 'alerts']);
  const roles: ReturnType<typeof spawn>[] = [];
  const eventLog = createEventLog({
    kind: 'redis',
    prefix: stack.prefix,
    retentionHours: 24,
    redisUrl: String(stack.env.REDIS_URL),
  });
  try {
    const { sql } = stack;
    await sql`TRUNCATE telemetry_events, rules_device_state, geofence_device_state, geofence_visits, device_status,
      driver_activity, alert_rules, webhook_endpoints, geofences CASCADE`;
    await sql`DELETE FROM vehicles WHERE external_id LIKE 'bench-%'`;

    // 1,000 geofences over the fleet's area and the probes' one; 100 alert rules.
    const geofences = new GeofencesService(sql);
    await geofences.import('geojson', { type: 'FeatureCollection', features: o.geofences }, null, null);
    await geofences.import(
      'geojson',
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'probe', radiusM: PROBE.radiusM },
            geometry: { type: 'Point', coordinates: [PROBE.lon, PROBE.lat] },
          },
        ],
      },
      null,
      null,
    );
    const [probeFence] = await sql`SELECT id::text FROM geofences WHERE name = 'probe'`;
    const endpoint = await new WebhookEndpointsService(sql, String(stack.env.CREDENTIALS_KEY)).create(
      { name: 'bench receiver', url: hookUrl },
      null,
    );
    const [elsewhere] = await sql`
      INSERT INTO vehicles (external_id, description, registration_number)
      VALUES ('bench-elsewhere', 'elsewhere', 'ELS0A00') RETURNING id::text`;
    const alertRules = new AlertRulesService(sql);
    await alertRules.create(
      {
        name: 'probe enters',
        eventTypes: ['geofence.enter'],
        geofenceIds: [probeFence.id],
        webhookIds: [endpoint.id],
        throttleMinutes: 0,
      },
      null,
    );
    // 99 more, over the event types the fleet produces, each for a vehicle of its own: all of them
    // are evaluated for every event, none of them alerts for the fleet.
    for (let i = 1; i < 100; i++)
      await alertRules.create(
        {
          name: `rule ${i}`,
          eventTypes: [EVENT_TYPES[i % EVENT_TYPES.length]],
          vehicleIds: [elsewhere.id],
          webhookIds: [endpoint.id],
          throttleMinutes: i % 3 === 0 ? 10 : 0,
        },
        null,
      );

    const registered = await registerDevices(sql, o.devices + o.probes, 'json');
    const fleet = registered.slice(0, o.devices);
    const probes = registered.slice(o.devices);
    const probeVehicles: string[] = [];
    for (const [i, p] of probes.entries()) {
      const [v] = await sql`
        INSERT INTO vehicles (external_id, description, registration_number)
        VALUES (${`bench-probe-${i}`}, ${`probe ${i}`}, ${`PRB${String(i).padStart(4, '0')}`}) RETURNING id::text`;
      await sql`UPDATE devices SET vehicle_id = ${v.id} WHERE id = ${p.id}`;
      probeVehicles.push(v.id);
    }

    // (a) The backlog, over HTTP, with the rules and geofences roles down.
    const tracks = fleet.map((_, d) => o.track(d, o.fixesPerDevice, 0));
    const requests: Array<{ device: number; from: number }> = [];
    for (let from = 0; from < o.fixesPerDevice; from += o.requestFixes)
      for (let d = 0; d < fleet.length; d++) requests.push({ device: d, from });
    let next = 0;
    let refused = 0;
    const ingestStarted = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < requests.length) {
          const r = requests[next++];
          const fixes = tracks[r.device].slice(r.from, r.from + o.requestFixes);
          for (;;) {
            const status = await post(stack.url, '/ingest/positions', body(fixes), {
              authorization: `Bearer ${fleet[r.device].token}`,
            });
            if (status === 200) break;
            refused++;
            await sleep(50);
          }
        }
      }),
    );
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const total = fleet.length * o.fixesPerDevice;
    log(
      `stream: ${total} positions accepted over HTTP in ${ingestSeconds.toFixed(1)} s; waiting for the relay`,
    );
    for (;;) {
      const [{ n }] = await sql`SELECT count(*)::int AS n FROM outbox WHERE topic = ${TOPICS.positions}`;
      if (n === 0) break;
      await sleep(100);
    }
    const worker = (role: string) =>
      spawn(
        process.execPath,
        [
          ...(process.env.BENCH_PROFILE_DIR
            ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
            : []),
          'bin/pioneira.mjs',
          'worker',
          '--roles',
          role,
        ],
        {
          env: stack.env,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    roles.push(worker('rules'), worker('geofences'));
    const drain = async (group: string) => {
      let start: { at: number; lag: number } | undefined;
      let messages = 0;
      for (;;) {
        const lag = await eventLog.lag(group, TOPICS.positions).catch(() => undefined);
        const at = performance.now();
        if (lag) {
          messages = Math.max(messages, lag.total);
          if (!start && lag.total < messages) start = { at, lag: lag.total };
          if (start && lag.total === 0) {
            const seconds = (at - start.at) / 1000;
            // The positions of the messages drained since the first batch was acknowledged.
            const positions = Math.round((start.lag / messages) * total);
            return { messages, positionsPerSecond: Math.round(positions / seconds), seconds };
          }
        }
        if (roles.some((r) => r.exitCode !== null)) throw new Error(`the ${group} worker exited`);
        await sleep(50);
      }
    };
    log('stream: rules and geofences roles started; draining the backlog');
    const drainStarted = performance.now();
    const [rules, geofencesDrain] = await Promise.all([drain('rules'), drain('geofences')]);
    const bothSeconds = (performance.now() - drainStarted) / 1000;
    const [{ events }] = await sql`SELECT count(*)::int AS events FROM telemetry_events`;
    log(
      `stream: drained, rules ${rules.positionsPerSecond}/s, geofences ${geofencesDrain.positionsPerSecond}/s, ${events} events`,
    );

    // (b) Alert latency under load: the fleet keeps reporting at half the slower group's rate.
    const rate = Math.min(rules.positionsPerSecond, geofencesDrain.positionsPerSecond) / 2;
    const perRequest = o.requestFixes;
    let cursor = o.fixesPerDevice;
    let stopped = false;
    let sentBackground = 0;
    let failedRequests = 0;
    const background = (async () => {
      const started = performance.now();
      for (let i = 0; !stopped; i++) {
        const due = started + ((i * perRequest) / rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const d = i % fleet.length;
        if (d === 0 && i > 0) cursor += perRequest;
        const fixes = o.track(d, perRequest, cursor);
        // A request the api drops (a reset keep-alive socket under load) is counted, not fatal.
        void post(stack.url, '/ingest/positions', body(fixes), {
          authorization: `Bearer ${fleet[d].token}`,
        }).then(
          (status) => {
            if (status === 200) sentBackground += fixes.length;
          },
          () => {
            failedRequests++;
          },
        );
      }
    })();
    const accepted = new Map<string, number>();
    const deadline = performance.now() + o.latencySeconds * 1000;
    log(
      `stream: alert latency for ${o.latencySeconds} s, ${o.probes} probes, fleet at ${Math.round(rate)}/s`,
    );
    await Promise.all(
      probes.map(async (probe, i) => {
        await sleep(i * (1000 / probes.length));
        const auth = { authorization: `Bearer ${probe.token}` };
        const send = (t: number, inside: boolean) =>
          post(
            stack.url,
            '/ingest/positions',
            JSON.stringify({
              positions: [
                {
                  fixedAt: t,
                  latitude: inside ? PROBE.lat : PROBE.lat - 0.02,
                  longitude: PROBE.lon,
                  speedKmh: 30,
                  course: 0,
                },
              ],
            }),
            auth,
          ).catch(() => {
            failedRequests++;
            return 0;
          });
        while (performance.now() < deadline) {
          const t = Date.now();
          if ((await send(t, true)) === 200) accepted.set(`${probeVehicles[i]}|${t}`, Date.now());
          await sleep(500);
          await send(Date.now(), false);
          await sleep(500);
        }
      }),
    );
    stopped = true;
    await background;
    const waitUntil = Date.now() + 30_000;
    while (Date.now() < waitUntil && [...accepted.keys()].some((k) => !received.has(k))) await sleep(100);
    const latencies = [...accepted]
      .filter(([k]) => received.has(k))
      .map(([k, at]) => (received.get(k) ?? 0) - at);
    const [deliveries] = await sql`
      SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS n FROM alert_deliveries`;
    return {
      geofences: o.geofences.length + 1,
      alertRules: 100,
      devices: fleet.length,
      positions: total,
      requestFixes: perRequest,
      ingestPositionsPerSecond: Math.round(total / ingestSeconds),
      refusedWith503: refused,
      throughConsumers: {
        rules,
        geofences: geofencesDrain,
        bothDrainedSeconds: Math.round(bothSeconds * 10) / 10,
        events,
      },
      alertLatency: {
        probes: probes.length,
        fleetPositionsPerSecond: Math.round(rate),
        fleetPositionsAccepted: sentBackground,
        requestsFailed: failedRequests,
        alertsExpected: accepted.size,
        webhooksReceived: latencies.length,
        acceptedToWebhookMs: percentiles(latencies),
        deliveriesSent: deliveries.sent,
        deliveries: deliveries.n,
      },
      targets: { positionsPerSecond: 50_000, p99AcceptedToWebhookMs: 2_000 },
    };
  } finally {
    for (const r of roles) r.kill('SIGTERM');
    await Promise.all(
      roles.map(
        (r) => new Promise((resolve) => (r.exitCode !== null ? resolve(null) : r.once('exit', resolve))),
      ),
    );
    await eventLog.close();
    await stack.stop();
    receiver.close();
  }
}
