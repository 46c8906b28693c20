import type { Sql } from '@pioneira/db';
import type { DeliveredMessage, EventLog, Subscription } from '@pioneira/eventlog';
import { CONSUMER_GROUPS, type ConsumerGroup, LIVE_CHANNELS } from '@pioneira/pipeline';
import type { Redis } from 'ioredis';
import { DeviceDirectory } from '../devices/device-directory';
import { decodeWire } from '../ingest/wire-record';
import { latestFromPostgres } from './latest.repository';
import type { LatestPosition } from './latest-position';
import { LatestStore } from './latest-store';

export const LATEST_GROUP: ConsumerGroup = 'latest-positions';

export interface LatestConsumerOptions {
  sql: Sql;
  redis: Redis;
  log: EventLog;
  prefix: string;
  ttlSeconds: number;
  batchSize?: number;
  /** How often an idle consumer checks that Redis still holds the projection. */
  checkEveryMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The latest-position projection: consumes `positions`, advances each device's latest fix in Redis
 * (never backwards), announces what advanced for the live map, and rebuilds everything from
 * PostgreSQL whenever Redis lost it (FLUSHALL, a new Redis). Safe to run in several processes.
 */
export class LatestConsumer {
  readonly store: LatestStore;
  private readonly devices: DeviceDirectory;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private rebuilding: Promise<void> | undefined;
  private resubscribing = false;
  private stopped = false;

  constructor(private readonly options: LatestConsumerOptions) {
    this.store = new LatestStore(options.redis, options.prefix, options.ttlSeconds);
    this.devices = new DeviceDirectory(options.sql);
  }

  async start(): Promise<void> {
    await this.devices.start();
    await this.ensureProjection();
    await this.subscribe();
    this.timer = setInterval(
      () => void this.ensureProjection().catch(this.reportError),
      this.options.checkEveryMs ?? 1_000,
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.subscription?.stop();
    await this.rebuilding?.catch(() => {});
    await this.devices.stop();
  }

  /** Rebuilds the projection from PostgreSQL if Redis does not hold it. */
  async ensureProjection(): Promise<void> {
    if (await this.store.isReady()) return;
    this.rebuilding ??= (async () => {
      const latest = await latestFromPostgres(this.options.sql, this.options.ttlSeconds);
      for (let i = 0; i < latest.length; i += 1000) await this.store.advance(latest.slice(i, i + 1000));
      await this.store.markReady();
    })().finally(() => {
      this.rebuilding = undefined;
    });
    await this.rebuilding;
  }

  private reportError = (error: unknown) => (this.options.onError ?? console.error)(error);

  private async subscribe(): Promise<void> {
    this.subscription = await this.options.log.subscribe({
      group: LATEST_GROUP,
      topics: [...CONSUMER_GROUPS[LATEST_GROUP].topics],
      batchSize: this.options.batchSize ?? 200,
      handler: (batch) => this.handle(batch),
      onError: (error) => {
        this.reportError(error);
        // A flushed Redis takes the stream's consumer group with it: create it again.
        if (/NOGROUP/.test(String(error))) void this.resubscribe();
      },
    });
  }

  private async resubscribe(): Promise<void> {
    if (this.resubscribing || this.stopped) return;
    this.resubscribing = true;
    try {
      await this.subscription?.stop();
      if (!this.stopped) await this.subscribe();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.resubscribing = false;
    }
  }

  private async handle(batch: DeliveredMessage[]): Promise<void> {
    await this.ensureProjection();
    const newest = new Map<number, ReturnType<typeof decodeWire>[number]>();
    for (const message of batch) {
      for (const fix of decodeWire(message.value)) {
        const seen = newest.get(fix.deviceNum);
        if (!seen || seen.t < fix.t) newest.set(fix.deviceNum, fix);
      }
    }
    const positions: LatestPosition[] = [];
    for (const fix of newest.values()) {
      const device = await this.devices.byNumber(fix.deviceNum);
      if (!device) continue; // deleted since: nothing to show
      positions.push({
        deviceId: device.id,
        vehicleId: device.vehicleId,
        fixedAt: new Date(fix.t).toISOString(),
        latitude: fix.latitude,
        longitude: fix.longitude,
        speedKmh: fix.speedKmh,
        course: fix.course,
      });
    }
    const advanced = await this.store.advance(positions);
    if (advanced.length > 0)
      await this.options.redis.publish(
        LIVE_CHANNELS.positions(this.options.prefix),
        JSON.stringify(advanced),
      );
  }
}
