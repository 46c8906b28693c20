import type { Sql } from '@pioneira/db';
import { type DeviceListing, PositionsRepository } from '../track/positions.repository';
import { latestFromPostgres } from './latest.repository';
import type { LatestPosition } from './latest-position';
import type { LatestStore } from './latest-store';

const DEVICES_CHANNEL = 'pioneira_devices';
/** How often the whole view is read again from Redis: expired keys, deltas lost in a reconnect. */
const RESYNC_EVERY_MS = 30_000;

export interface LatestViewOptions {
  sql: Sql;
  store: LatestStore;
  ttlSeconds: number;
  /** Subscribes to the latest-position deltas as the consumers publish them; returns the removal. */
  subscribe(listener: (positions: LatestPosition[]) => void): Promise<() => void>;
  resyncEveryMs?: number;
}

/**
 * The answer of GET /api/positions/latest kept in memory: each device's item as a JSON fragment,
 * and the whole body until something changes. Loaded once (devices from PostgreSQL, positions from
 * Redis, or PostgreSQL while Redis is being rebuilt), then moved by the live deltas the consumers
 * publish; a device or plate change (NOTIFY `pioneira_devices`, or `devicesChanged()` in this
 * process) reloads the device list before the next answer; every `resyncEveryMs` the positions are
 * read again, which drops expired ones and repairs deltas lost while Redis reconnected.
 */
export class LatestView {
  private readonly repository: PositionsRepository;
  private devices: DeviceListing[] = [];
  private readonly positions = new Map<string, LatestPosition>();
  private readonly fragments = new Map<string, string>();
  private body: string | undefined;
  private listingStale = true;
  private listedOnce = false;
  private listing: Promise<void> | undefined;
  private started: Promise<void> | undefined;
  /** Devices moved by a delta since the running resync began: its snapshot is older for them. */
  private movedDuringResync: Set<string> | undefined;
  private stops: Array<() => Promise<void> | void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LatestViewOptions) {
    this.repository = new PositionsRepository(options.sql);
  }

  /** The body of GET /api/positions/latest: `{"items":[…]}`, each device with a fix within the TTL. */
  async json(): Promise<string> {
    this.started ??= this.start().catch((error) => {
      this.started = undefined;
      throw error;
    });
    await this.started;
    if (this.listingStale) await this.reloadListing();
    this.body ??= this.build();
    return this.body;
  }

  /** A device or vehicle changed in this process: the next answer lists the devices again. */
  devicesChanged(): void {
    this.listingStale = true;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const stops = this.stops;
    this.stops = [];
    await Promise.allSettled(stops.map((stop) => stop()));
  }

  private async start(): Promise<void> {
    // Deltas first, then the snapshot: nothing that moves in between is missed.
    this.stops.push(await this.options.subscribe((positions) => this.apply(positions)));
    const { unlisten } = await this.options.sql.listen(
      DEVICES_CHANNEL,
      () => this.devicesChanged(),
      () => this.devicesChanged(),
    );
    this.stops.push(unlisten);
    await this.reloadListing();
    await this.resync();
    this.timer = setInterval(
      () => void this.resync().catch(() => {}),
      this.options.resyncEveryMs ?? RESYNC_EVERY_MS,
    );
    this.timer.unref();
  }

  private apply(positions: LatestPosition[]): void {
    for (const position of positions) {
      if (this.advance(position)) this.movedDuringResync?.add(position.deviceId);
    }
  }

  /** Keeps the newer fix, never moving a device back in time (as the Redis store does). */
  private advance(position: LatestPosition): boolean {
    const current = this.positions.get(position.deviceId);
    if (current && Date.parse(current.fixedAt) >= Date.parse(position.fixedAt)) return false;
    this.positions.set(position.deviceId, position);
    this.fragments.delete(position.deviceId);
    this.body = undefined;
    return true;
  }

  private reloadListing(): Promise<void> {
    this.listing ??= (async () => {
      // Cleared first: a change noticed while the query runs triggers another reload.
      this.listingStale = false;
      try {
        const known = new Set(this.devices.map((d) => d.id));
        const devices = await this.repository.devicesWithVehicles();
        // A device listed for the first time may have moved before: its fix is read once.
        const added = devices.filter((d) => !known.has(d.id) && !this.positions.has(d.id)).map((d) => d.id);
        const found = this.listedOnce && added.length > 0 ? await this.snapshot(added) : new Map();
        this.devices = devices;
        this.listedOnce = true;
        for (const position of found.values()) this.advance(position);
      } catch (error) {
        this.listingStale = true;
        throw error;
      }
      this.fragments.clear();
      this.body = undefined;
    })().finally(() => {
      this.listing = undefined;
    });
    return this.listing;
  }

  private async resync(): Promise<void> {
    if (this.movedDuringResync) return;
    const moved = new Set<string>();
    this.movedDuringResync = moved;
    try {
      const ids = new Set(this.devices.map((d) => d.id));
      for (const deviceId of this.positions.keys()) ids.add(deviceId);
      const snapshot = await this.snapshot([...ids]);
      for (const [deviceId, position] of snapshot) if (!moved.has(deviceId)) this.replace(position);
      for (const deviceId of [...this.positions.keys()])
        if (!snapshot.has(deviceId) && !moved.has(deviceId)) this.forget(deviceId);
    } finally {
      this.movedDuringResync = undefined;
    }
  }

  /** The latest positions of these devices from Redis, or from PostgreSQL while Redis is rebuilt. */
  private async snapshot(ids: string[]): Promise<Map<string, LatestPosition>> {
    if (await this.options.store.isReady()) return this.options.store.get(ids);
    const wanted = new Set(ids);
    const rows = await latestFromPostgres(this.options.sql, this.options.ttlSeconds);
    return new Map(rows.filter((p) => wanted.has(p.deviceId)).map((p) => [p.deviceId, p]));
  }

  private replace(position: LatestPosition): void {
    const current = this.positions.get(position.deviceId);
    if (current && current.fixedAt === position.fixedAt) return;
    this.positions.set(position.deviceId, position);
    this.fragments.delete(position.deviceId);
    this.body = undefined;
  }

  private forget(deviceId: string): void {
    this.positions.delete(deviceId);
    this.fragments.delete(deviceId);
    this.body = undefined;
  }

  private build(): string {
    const parts: string[] = [];
    for (const device of this.devices) {
      let fragment = this.fragments.get(device.id);
      if (fragment === undefined) {
        const p = this.positions.get(device.id);
        if (!p) continue;
        // The fields and order of LatestPositionSchema; the vehicle is the device's current one.
        fragment = JSON.stringify({
          deviceId: device.id,
          deviceName: device.name,
          vehicleId: device.vehicleId,
          plate: device.plate,
          fixedAt: p.fixedAt,
          latitude: p.latitude,
          longitude: p.longitude,
          speedKmh: p.speedKmh ?? null,
          course: p.course ?? null,
        });
        this.fragments.set(device.id, fragment);
      }
      parts.push(fragment);
    }
    return `{"items":[${parts.join(',')}]}`;
  }
}
