import { type CityGrid, saoPauloGrid } from './city';
import { type DeliveryOptions, DeliveryQueue, type Transmit } from './delivery-queue';
import { buildFleet, type ProtocolMix, type SimDevice } from './fleet';
import { ProblemLog } from './problem-log';
import type { DeviceTokens, Provisioner } from './provision';
import { Reporter } from './reporter';
import { jsonBatchTransmit } from './senders/json-batch';
import { osmandTransmit } from './senders/osmand';
import { teltonikaTransmit } from './senders/teltonika';
import { TeltonikaLink } from './senders/teltonika-link';
import type { TrackerLink } from './senders/tracker-link';
import { type TrackerSimProtocol, trackerChannel } from './senders/trackers';
import { type FleetStats, StatsBoard } from './stats';

export interface FleetSimOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:3001 (JSON batches go to `{apiUrl}/ingest/positions`). */
  apiUrl: string;
  /** Where OsmAnd devices POST (the OsmAnd port, or `{apiUrl}/ingest/osmand`). */
  osmandUrl?: string;
  teltonikaHost?: string;
  teltonikaPort?: number;
  /** Host of the tracker ports (default `teltonikaHost`, else 127.0.0.1). */
  trackerHost?: string;
  /** TCP ports of the GT06, H02, Suntech and Queclink listeners, for the devices of those protocols. */
  trackerPorts?: Partial<Record<TrackerSimProtocol, number>>;
  devices: number;
  /** Time between two fixes of a device, ms (default 5000; never below 1000). */
  intervalMs?: number;
  /** ± share of the interval drawn at random per report (default 0.2). */
  jitter?: number;
  seed?: number;
  city?: CityGrid;
  protocols?: ProtocolMix;
  /** Fixes per JSON batch (default 6, i.e. one request every 30 s at the default interval). */
  jsonBatchSize?: number;
  /** Most records per Teltonika packet when a backlog has built up (default 50). */
  teltonikaMaxRecords?: number;
  /** Tokens of JSON devices, by identifier, when they were registered beforehand. */
  deviceTokens?: DeviceTokens | Record<string, string>;
  /** Registers the fleet before it starts (e.g. `sqlProvisioner(sql)`); its tokens are used. */
  provision?: Provisioner;
  /** Simulated time of the first fix (default now); with `speedup` > 1 start in the past. */
  startAt?: Date;
  /** Simulated seconds per wall second (default 1). */
  speedup?: number;
  /** How long `stop()` keeps trying to deliver buffered fixes, ms (default 10 000). */
  drainMs?: number;
  log?: (line: string) => void;
}

/** A running fleet. */
export interface FleetSim {
  readonly devices: readonly SimDevice[];
  /** Stops reporting, sends what is buffered (up to `drainMs`), closes connections. */
  stop(): Promise<FleetStats>;
  stats(): FleetStats;
}

/**
 * Starts N simulated devices driving the city grid and reporting over OsmAnd, JSON batches, Teltonika,
 * GT06, H02, Suntech and Queclink.
 */
export async function startFleetSim(options: FleetSimOptions): Promise<FleetSim> {
  const intervalMs = Math.max(1000, options.intervalMs ?? 5000);
  const speedup = options.speedup ?? 1;
  if (!(speedup > 0) || intervalMs / speedup < 10)
    throw new RangeError(`speedup ${speedup} would report more than every 10 ms per device; lower it.`);
  const log = options.log ?? (() => {});
  const devices = buildFleet({
    devices: options.devices,
    seed: options.seed ?? 1,
    city: options.city ?? saoPauloGrid(),
    protocols: options.protocols,
  });
  const tokens = new Map(
    options.deviceTokens instanceof Map ? options.deviceTokens : Object.entries(options.deviceTokens ?? {}),
  );
  if (options.provision) {
    for (const [identifier, token] of await options.provision(devices)) tokens.set(identifier, token);
  }
  const board = new StatsBoard();
  const problems = new ProblemLog(log);
  const links: (TeltonikaLink | TrackerLink)[] = [];
  const now = Date.now();
  const clock = { startAt: options.startAt?.getTime() ?? now, wallStart: now, speedup };

  const channel = (device: SimDevice): { transmit: Transmit; delivery: DeliveryOptions } => {
    const single = { minBatch: 1, maxBatch: 1, maxQueued: 10_000 };
    if (device.protocol === 'osmand')
      return {
        transmit: osmandTransmit(options.osmandUrl ?? required('osmandUrl'), device.identifier),
        delivery: single,
      };
    if (device.protocol === 'json') {
      const batch = Math.min(1000, options.jsonBatchSize ?? 6);
      return {
        transmit: jsonBatchTransmit(options.apiUrl, tokens.get(device.identifier)),
        delivery: { minBatch: batch, maxBatch: 1000, maxQueued: 10_000 },
      };
    }
    if (device.protocol !== 'teltonika') {
      const protocol = device.protocol;
      const port = options.trackerPorts?.[protocol] ?? required(`trackerPorts.${protocol}`);
      const host = options.trackerHost ?? options.teltonikaHost ?? '127.0.0.1';
      const stats = board.of(protocol);
      const { link, transmit } = trackerChannel(
        protocol,
        device.identifier,
        host,
        port,
        () => stats.reconnects++,
        (problem) => problems.ignored(protocol, device.identifier, problem),
      );
      links.push(link);
      // Queclink acknowledges report by report; the others take a backlog in one write.
      return { transmit, delivery: { ...single, maxBatch: protocol === 'queclink' ? 1 : 20 } };
    }
    const stats = board.of('teltonika');
    const link = new TeltonikaLink(
      options.teltonikaHost ?? '127.0.0.1',
      options.teltonikaPort ?? required('teltonikaPort'),
      device.identifier,
      () => stats.reconnects++,
    );
    links.push(link);
    const maxBatch = Math.min(255, options.teltonikaMaxRecords ?? 50);
    return { transmit: teltonikaTransmit(link), delivery: { ...single, maxBatch } };
  };

  const running = devices.map((device) => {
    const { transmit, delivery } = channel(device);
    const queue = new DeliveryQueue(transmit, delivery, board.of(device.protocol), (outcome) =>
      problems.note(device.protocol, device.identifier, outcome),
    );
    const reporter = new Reporter(device, queue, clock, intervalMs, options.jitter ?? 0.2);
    reporter.start();
    return { reporter, queue };
  });
  const counts = new Map<string, number>();
  for (const d of devices) counts.set(d.protocol, (counts.get(d.protocol) ?? 0) + 1);
  log(
    `fleet of ${devices.length} devices (${[...counts]
      .map(([p, n]) => `${n} ${p}`)
      .join(', ')}), a fix every ${intervalMs / 1000} s`,
  );
  const missing = devices.filter((d) => d.protocol === 'json' && !tokens.has(d.identifier)).length;
  if (missing > 0) log(`${missing} JSON devices have no token and will be refused: provision them first`);

  let stopping: Promise<FleetStats> | undefined;
  return {
    devices,
    stats: () => board.snapshot(),
    stop() {
      stopping ??= (async () => {
        for (const { reporter } of running) reporter.stop();
        const deadline = Date.now() + (options.drainMs ?? 10_000);
        await Promise.all(running.map(({ queue }) => queue.close(deadline)));
        for (const link of links) link.close();
        problems.stop();
        return board.snapshot();
      })();
      return stopping;
    },
  };
}

function required(name: string): never {
  throw new RangeError(`startFleetSim needs \`${name}\` for the devices of that protocol.`);
}
