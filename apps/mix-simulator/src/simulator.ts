import type { FastifyInstance } from 'fastify';
import { activityWeight } from './activity';
import { buildApp } from './app';
import type { ResolvedOptions, SimulatorContext } from './context';
import { EventGenerator } from './event-generator';
import { EventStore, type StoredEvent } from './event-store';
import { FaultInjector } from './faults';
import { buildFleet, type Fleet, type MixGroup } from './fleet';
import { DEFAULT_OPTIONS, type MixFaults, type MixSimulatorOptions } from './options';
import { type GeneratedPosition, POSITION_INTERVAL_MS, PositionGenerator } from './position-generator';
import { Random } from './random';
import { SlidingWindowLimiter } from './rate-limit';
import { loadState, type SimulatorState, saveState } from './state';
import { TokenStore } from './tokens';
import { buildTrip, type GeneratedTrip, storedTrip } from './trip-builder';

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
  /** Every trip generated so far (closed drives), as TripIds in decimal. */
  tripsTruth(): string[];
  /** Every trip generated so far with the figures the connector must store. */
  tripsDetail(): GeneratedTrip[];
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
  // A restart with a state file continues the clock: new random streams (new ids), history only for
  // the time the simulator was down.
  const previous = options.stateFile ? loadState(options.stateFile, options.seed) : undefined;
  const restarts = previous ? previous.restarts + 1 : 0;
  const streamSeed = (name: string) =>
    restarts === 0 ? `${options.seed}:${name}` : `${options.seed}:${name}:r${restarts}`;
  const store = new EventStore();
  const generator = new EventGenerator(fleet, new Random(streamSeed('events')));
  const tokens = new TokenStore();
  const faults = new FaultInjector(new Random(`${options.seed}:faults`), tokens);
  const spacing = new Random(`${options.seed}:spacing`);
  const closing = new AbortController();
  const positions = new EventStore();
  const positionGenerator = new PositionGenerator(fleet, new Random(streamSeed('positions')));
  const positionKeys: string[] = [];
  const trips = new EventStore();
  const tripsWithoutSubTrips = new EventStore();
  const tripRandom = new Random(streamSeed('trips'));
  const generatedTrips: GeneratedTrip[] = [];
  const siteOf = new Map(fleet.assets.map((a) => [a.AssetId, a.SiteId]));
  const siteOfAsset = (id: bigint) => siteOf.get(id) ?? 0n;
  let vehicleTurn = 0;

  // Drives are collected, then stored in one sorted insert per store (`flushDrives`).
  const pending = {
    positions: [] as StoredEvent[],
    trips: [] as StoredEvent[],
    bare: [] as StoredEvent[],
    events: [] as StoredEvent[],
  };
  /** A drive's positions; when `close`, also its trip and an event on its path. */
  const storeDrive = (fixes: GeneratedPosition[], close: boolean) => {
    const now = Date.now();
    for (const p of fixes) {
      // Received by MiX before now, never at or before a cursor already handed out.
      p.createdMs = Math.max(Math.min(p.createdMs, now - 1), positions.earliestCreatableMs());
      pending.positions.push(PositionGenerator.stored(p, positions.nextSeq(), siteOfAsset));
      positionKeys.push(`${p.assetId}@${new Date(p.fixMs).toISOString()}`);
    }
    if (close && fixes.length >= 2) closeTrip(fixes);
  };
  const closeTrip = (fixes: GeneratedPosition[]) => {
    const now = Date.now();
    const trip = buildTrip(fixes, tripRandom.int64Id(), tripRandom);
    const floor = Math.max(trips.earliestCreatableMs(), tripsWithoutSubTrips.earliestCreatableMs());
    trip.createdMs = Math.max(Math.min(trip.createdMs, now - 1), floor);
    const seq = trips.nextSeq();
    pending.trips.push(storedTrip(trip, seq, siteOfAsset));
    const { SubTrips: _, ...bare } = trip.wire;
    pending.bare.push(storedTrip({ ...trip, wire: bare }, seq, siteOfAsset));
    generatedTrips.push(trip);
    // An event on the trip's path, at one of its fixes, received with the trip.
    const at = fixes[tripRandom.int(0, fixes.length - 1)];
    const created = Math.max(trip.createdMs, store.earliestCreatableMs());
    pending.events.push(
      generator.make(created, store.nextSeq(), {
        assetId: at.assetId,
        driverId: at.driverId,
        lat: at.lat,
        lon: at.lon,
        odometerKm: at.odometerKm,
        startMs: at.fixMs,
      }),
    );
  };
  const byCreation = (a: StoredEvent, b: StoredEvent) => a.createdMs - b.createdMs || a.seq - b.seq;
  const flushDrives = () => {
    positions.insert(pending.positions.sort(byCreation));
    trips.insert(pending.trips.sort(byCreation));
    tripsWithoutSubTrips.insert(pending.bare.sort(byCreation));
    store.insert(pending.events.sort(byCreation));
    pending.positions = [];
    pending.trips = [];
    pending.bare = [];
    pending.events = [];
  };
  const generatePositions = (count: number, fixes: number, endMs = Date.now()): string[] => {
    const before = positionKeys.length;
    for (let i = 0; i < count; i++)
      storeDrive(positionGenerator.trip(fixes, endMs, vehicleTurn++ % fleet.assets.length), true);
    flushDrives();
    return positionKeys.slice(before);
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
    trips,
    tripsWithoutSubTrips,
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
  const startedMs = Date.now();
  generateHistory(previous?.clockMs);

  /**
   * History before start: events over `historyDays` and drives (positions, trips, their events)
   * over `positionHistoryDays`, shaped by weekday and hour (rush hours, quiet nights and Sundays).
   * After a restart only the time the simulator was down is filled. MiX serves created-since only
   * for the last 7 days, so no more than that is generated.
   */
  function generateHistory(resumeFromMs?: number) {
    const HOUR = 3_600_000;
    const reachable = startedMs - 7 * 24 * HOUR + HOUR;
    const from = (days: number) => Math.max(reachable, startedMs - days * 24 * HOUR, resumeFromMs ?? 0);
    const eventsFrom = from(options.historyDays);
    if (options.historyDays > 0 && options.historyEventsPerDay > 0 && eventsFrom < startedMs) {
      const history = new Random(streamSeed('history'));
      const times: number[] = [];
      for (let h = eventsFrom; h < startedMs; h += HOUR) {
        const expected = (options.historyEventsPerDay / 24) * activityWeight(h, options.timeZoneOffsetHours);
        const n = Math.floor(expected) + (history.chance(expected % 1) ? 1 : 0);
        for (let i = 0; i < n; i++) times.push(Math.min(startedMs - 1, h + history.int(0, HOUR - 1)));
      }
      times.sort((a, b) => a - b);
      store.insert(
        times.map((ms) => generator.make(Math.max(ms, store.earliestCreatableMs()), store.nextSeq())),
      );
    }
    const drivesFrom = from(options.positionHistoryDays);
    if (options.positionHistoryDays > 0 && drivesFrom < startedMs) {
      const history = new Random(streamSeed('drives'));
      const vehicles = fleet.assets.length;
      for (let h = drivesFrom; h < startedMs - HOUR; h += HOUR) {
        // At the busiest hour about a third of the fleet is on the road.
        const drives = Math.round(((vehicles / 3) * activityWeight(h, options.timeZoneOffsetHours)) / 2.2);
        for (let i = 0; i < drives; i++) {
          const fixes = history.int(10, 90);
          const end = h + history.int(fixes * 30_000, HOUR);
          storeDrive(positionGenerator.trip(fixes, end, vehicleTurn++ % vehicles), true);
        }
      }
      flushDrives();
    }
  }

  let stateTimer: NodeJS.Timeout | undefined;
  const persist = () => {
    if (!options.stateFile) return;
    const state: SimulatorState = { seed: options.seed, clockMs: Date.now(), restarts };
    saveState(options.stateFile, state);
  };
  const app = await buildApp(ctx);

  // While listening, the driving vehicles report a fix every 30 s (a different set every hour).
  let positionsTimer: NodeJS.Timeout | undefined;
  const startDriving = () => {
    const driving = Math.min(options.drivingVehicles, fleet.assets.length);
    if (driving <= 0 || positionsTimer) return;
    // Each driving vehicle's open drive; it becomes a trip when its hour is over.
    const open = new Map<number, GeneratedPosition[]>();
    positionsTimer = setInterval(() => {
      const now = Date.now();
      const shift = Math.floor(now / 3_600_000);
      const current = new Set<number>();
      for (let i = 0; i < driving; i++) current.add((shift * driving + i) % fleet.assets.length);
      for (const [index, fixes] of open) {
        if (current.has(index)) continue;
        open.delete(index);
        if (fixes.length >= 2) closeTrip(fixes);
      }
      const fresh: GeneratedPosition[] = [];
      for (const index of current) {
        const [p] = positionGenerator.trip(1, now, index);
        fresh.push(p);
        open.set(index, [...(open.get(index) ?? []), p]);
      }
      storeDrive(fresh, false);
      flushDrives();
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
      trips.prune(now - RETENTION_MS);
      tripsWithoutSubTrips.prune(now - RETENTION_MS);
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
      if (options.stateFile && !stateTimer) {
        persist();
        stateTimer = setInterval(persist, 5_000);
        stateTimer.unref();
      }
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    },
    async close() {
      listening = false;
      if (timer) clearInterval(timer);
      if (positionsTimer) clearInterval(positionsTimer);
      if (stateTimer) clearInterval(stateTimer);
      persist();
      closing.abort();
      await app.close();
    },
    groundTruth: () => store.allIds(),
    generatePositions: (trips, fixes, at) => generatePositions(trips, fixes, at?.getTime()),
    positionsTruth: () => [...positionKeys],
    tripsTruth: () => generatedTrips.map((t) => t.tripId.toString()),
    tripsDetail: () => [...generatedTrips],
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
