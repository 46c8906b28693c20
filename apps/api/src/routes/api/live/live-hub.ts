import { type LatestPosition, liveChannel } from '@pioneira/gps';
import type { Redis } from 'ioredis';

type Listener = (positions: LatestPosition[]) => void;

// Deltas are batched so a busy fleet costs each browser two small messages a second, not thousands.
const FLUSH_EVERY_MS = 500;

/**
 * Fan-out of latest-position deltas to the SSE clients of this process. Fed by Redis pub/sub from
 * the consumers: live deltas need no durability (a client loads /api/positions/latest first and a
 * reconnect does the same), and pub/sub leaves no per-process consumer group behind after a crash.
 * Subscribes only while someone listens.
 */
export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private subscriber: Redis | undefined;
  private pending = new Map<string, LatestPosition>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Adds a listener; returns its removal. */
  async listen(listener: Listener): Promise<() => void> {
    this.listeners.add(listener);
    if (!this.subscriber) await this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.close();
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.pending.clear();
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private async open(): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => {
      for (const position of JSON.parse(message) as LatestPosition[])
        this.pending.set(position.deviceId, position);
    });
    subscriber.on('error', () => {});
    await subscriber.subscribe(liveChannel(this.prefix));
    this.timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (const listener of this.listeners) listener(batch);
  }
}
