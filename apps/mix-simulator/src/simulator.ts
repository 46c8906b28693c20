import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { ResolvedOptions, SimulatorContext } from './context';
import { EventGenerator } from './event-generator';
import { EventStore, type StoredEvent } from './event-store';
import { FaultInjector } from './faults';
import { buildFleet, type Fleet, type MixGroup } from './fleet';
import { DEFAULT_OPTIONS, type MixFaults, type MixSimulatorOptions } from './options';
import { POSITION_INTERVAL_MS, PositionGenerator } from './position-generator';
import { Random } from './random';
import { SlidingWindowLimiter } from './rate-limit';
import { TokenStore } from './tokens';

/** A running (or ready to run) MiX Integrate simulator. */
export interface MixSimulator {
  app: FastifyInstance;
  fleet: Fleet;
  options: ResolvedOptions;
  /** Starts listening and continuous generation; resolves to the base URL (`http://host:port`). */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Every event id generated so far, as decimal strings. */
  groundTruth(): string[];
  /**
   * Drives `trips` trips of `fixes` positions each (30 s apart, round-robin over the vehicles), the
   * last fixes at `at` (default now); returns the positions' keys `assetId@fixIso`.
   */
  generatePositions(trips: number, fixes: number, at?: Date): string[];
  /** Every position generated so far, as `assetId@fixIso` keys (a device and fix time each). */
  positionsTruth(): string[];
  /** Adds `n` events at once, their creation times ending at `at` (default now); returns their ids. */
  generateEvents(n: number, at?: Date): string[];
  setFaults(partial: Partial<MixFaults>): void;
  /** Changes the continuous generation rate while running (0 stops it). */
  setEventRate(eventsPerMinute: number): void;
}

const TICK_MS = 250;
const RETENTION_MS = 8 * 24 * 3600 * 1000;

/** Creates a MiX Integrate simulator with a deterministic synthetic fleet. */
export async function createMixSimulator(
  overrides: Partial<MixSimulatorOptions> = {},
): Promise<MixSimulator> {
  const options = resolveOptions(overrides);
  const fleet = buildFleet(
    new Random(`${options.seed}:fleet`),
    options.organisationId,
    options.organisationName,
    options.drivers,
    options.vehicles,
  );
  const store = new EventStore();
  const generator = new EventGenerator(fleet, new Random(`${options.seed}:events`));
  const tokens = new TokenStore();
  const faults = new FaultInjector(new Random(`${options.seed}:faults`), tokens);
  const spacing = new Random(`${options.seed}:spacing`);
  const closing = new AbortController();
  const positions = new EventStore();
  const positionGenerator = new PositionGenerator(fleet, new Random(`${options.seed}:positions`));
  const positionKeys: string[] = [];
  const siteOf = new Map(fleet.assets.map((a) => [a.AssetId, a.SiteId]));
  let vehicleTurn = 0;
  const generatePositions = (trips: number, fixes: number, endMs = Date.now()): string[] => {
    const keys: string[] = [];
    const batch = [];
    for (let i = 0; i < trips; i++) {
      const trip = positionGenerator.trip(fixes, endMs, vehicleTurn++ % fleet.assets.length);
      for (const p of trip) {
        // Received by MiX before now, never at or before a cursor already handed out.
        p.createdMs = Math.max(Math.min(p.createdMs, Date.now() - 1), positions.earliestCreatableMs());
        batch.push(PositionGenerator.stored(p, positions.nextSeq(), (id) => siteOf.get(id) ?? 0n));
        keys.push(`${p.assetId}@${new Date(p.fixMs).toISOString()}`);
      }
    }
    positions.insert(batch.sort((a, b) => a.createdMs - b.createdMs || a.seq - b.seq));
    positionKeys.push(...keys);
    return keys;
  };

  const generate = (count: number, endMs = Date.now(), spread = true): StoredEvent[] => {
    // Backlogs spread backwards over a few ms per event, a quarter of them sharing a millisecond
    // with their neighbour; never at or before a cursor already handed out (it would be skipped).
    const times: number[] = new Array(count);
    let t = endMs;
    for (let i = count - 1; i >= 0; i--) {
      times[i] = Math.max(t, store.earliestCreatableMs());
      if (spread) t -= spacing.chance(0.25) ? 0 : spacing.int(1, 40);
    }
    const batch = times.map((ms) => generator.make(ms, store.nextSeq()));
    store.insert(batch);
    return batch;
  };

  const groups = new Map<bigint, MixGroup>([[fleet.organisation.GroupId, fleet.organisation]]);
  for (const site of fleet.sites) groups.set(site.group.GroupId, site.group);
  const ctx: SimulatorContext = {
    options,
    fleet,
    groups,
    store,
    positions,
    generator,
    tokens,
    faults,
    limiter: new SlidingWindowLimiter(options.rateLimitPerMinute),
    pagingRandom: new Random(`${options.seed}:paging`),
    generate: (count, endMs) => generate(count, endMs),
    closing: closing.signal,
  };
  faults.set(options.faults, Date.now());
  if (options.backlog > 0) generate(options.backlog);
  const app = await buildApp(ctx);

  // While listening, the driving vehicles report a fix every 30 s (a different set every hour).
  let positionsTimer: NodeJS.Timeout | undefined;
  const startDriving = () => {
    const driving = Math.min(options.drivingVehicles, fleet.assets.length);
    if (driving <= 0 || positionsTimer) return;
    positionsTimer = setInterval(() => {
      const now = Date.now();
      const shift = Math.floor(now / 3_600_000);
      const batch = [];
      for (let i = 0; i < driving; i++) {
        const [p] = positionGenerator.trip(1, now, (shift * driving + i) % fleet.assets.length);
        p.createdMs = Math.max(Math.min(p.createdMs, now - 1), positions.earliestCreatableMs());
        batch.push(PositionGenerator.stored(p, positions.nextSeq(), (id) => siteOf.get(id) ?? 0n));
        positionKeys.push(`${p.assetId}@${new Date(p.fixMs).toISOString()}`);
      }
      positions.insert(batch.sort((a, b) => a.createdMs - b.createdMs || a.seq - b.seq));
    }, POSITION_INTERVAL_MS);
    positionsTimer.unref();
  };

  let timer: NodeJS.Timeout | undefined;
  let eventsPerMinute = options.eventsPerMinute;
  let listening = false;
  const startContinuousGeneration = () => {
    if (eventsPerMinute <= 0 || timer || !listening) return;
    let owed = 0;
    let last = Date.now();
    timer = setInterval(() => {
      const now = Date.now();
      owed += (eventsPerMinute * (now - last)) / 60_000;
      last = now;
      const count = Math.floor(owed);
      owed -= count;
      // All events of a tick share one millisecond, as a device uploading a burst does.
      if (count > 0) generate(count, now, false);
      // A long-running demo would otherwise grow without bound; tokens cannot reach past 7 days.
      store.prune(now - RETENTION_MS);
      positions.prune(now - RETENTION_MS);
    }, TICK_MS);
    timer.unref();
  };

  return {
    app,
    fleet,
    options,
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      listening = true;
      startContinuousGeneration();
      startDriving();
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    },
    async close() {
      listening = false;
      if (timer) clearInterval(timer);
      if (positionsTimer) clearInterval(positionsTimer);
      closing.abort();
      await app.close();
    },
    groundTruth: () => store.allIds(),
    generatePositions: (trips, fixes, at) => generatePositions(trips, fixes, at?.getTime()),
    positionsTruth: () => [...positionKeys],
    generateEvents: (n, at) => generate(n, at?.getTime()).map((e) => e.eventId.toString()),
    setFaults: (partial) => faults.set(partial, Date.now()),
    setEventRate(perMinute) {
      eventsPerMinute = Math.max(0, perMinute);
      if (eventsPerMinute === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
      startContinuousGeneration();
    },
  };
}

function resolveOptions(overrides: Partial<MixSimulatorOptions>): ResolvedOptions {
  const merged = { ...DEFAULT_OPTIONS, ...stripUndefined(overrides) };
  const organisationId = BigInt(merged.organisationId);
  if (organisationId < -(2n ** 63n) || organisationId >= 2n ** 63n) {
    throw new Error(
      `organisationId ${organisationId} is not a signed 64-bit integer; pass one like -7146512584512096534`,
    );
  }
  return Object.freeze({ ...merged, organisationId });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
