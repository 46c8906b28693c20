import type { Notification } from '@pioneira/alerts';
import type { ConnectionErrors } from '@pioneira/core';
import type { LatestPosition } from '@pioneira/gps';
import type { LiveParcelsMessage } from '@pioneira/parcels';
import { LIVE_CHANNELS, type LiveChannel } from '@pioneira/pipeline';
import type { Redis } from 'ioredis';

/** What a listener of each live channel receives. */
export interface LiveMessages {
  /** Latest-position deltas, coalesced per device and flushed twice a second. */
  positions: LatestPosition[];
  /** Parcel changes and import progress, as the consumers published them. */
  parcels: LiveParcelsMessage;
  /** In-app notifications as delivered, each for one user (the route passes on only the reader's). */
  notifications: Notification;
}

type Listener<C extends LiveChannel> = (message: LiveMessages[C]) => void;

// Position deltas are batched so a busy fleet costs each browser two small messages a second.
const FLUSH_EVERY_MS = 500;

/**
 * The fan-out of live pushes to this process's SSE clients, for every live channel of the topology,
 * over ONE Redis subscriber connection. Fed by Redis pub/sub from the consumers: live pushes need no
 * durability (a client loads the current state first and a reconnect does the same), and pub/sub
 * leaves no per-process consumer group behind after a crash. Subscribes to a channel only while
 * someone listens to it.
 */
export class LiveHub {
  private readonly listeners = new Map<LiveChannel, Set<Listener<LiveChannel>>>();
  private subscriber: Redis | undefined;
  private pendingPositions = new Map<string, LatestPosition>();
  private readonly immediatePositions = new Set<Listener<'positions'>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly connections?: ConnectionErrors,
  ) {}

  /**
   * Adds a listener to a channel; returns its removal. Position listeners get the coalesced batch
   * twice a second, or with `immediate` every message as it arrives (in-process projections).
   */
  async listen<C extends LiveChannel>(
    channel: C,
    listener: Listener<C>,
    options: { immediate?: boolean } = {},
  ): Promise<() => void> {
    if (options.immediate && channel === 'positions') {
      const immediate = listener as Listener<'positions'>;
      this.immediatePositions.add(immediate);
      // Holds the subscription; one per immediate listener, so the counts below stay right.
      const remove = await this.listen('positions', () => {});
      return () => {
        this.immediatePositions.delete(immediate);
        remove();
      };
    }
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener as Listener<LiveChannel>);
    if (set.size === 1) await this.connection().subscribe(LIVE_CHANNELS[channel](this.prefix));
    return () => {
      if (!set.delete(listener as Listener<LiveChannel>) || set.size > 0) return;
      void this.subscriber?.unsubscribe(LIVE_CHANNELS[channel](this.prefix)).catch(() => {});
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.listeners.clear();
    this.immediatePositions.clear();
    this.pendingPositions.clear();
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    const channels = new Map(
      (Object.keys(LIVE_CHANNELS) as LiveChannel[]).map((c) => [LIVE_CHANNELS[c](this.prefix), c]),
    );
    subscriber.on('message', (redisChannel: string, message: string) => {
      const channel = channels.get(redisChannel);
      if (channel) this.receive(channel, message);
    });
    if (this.connections) this.connections.watch(subscriber, 'live subscriber');
    else subscriber.on('error', () => {});
    this.timer = setInterval(() => this.flushPositions(), FLUSH_EVERY_MS);
    return subscriber;
  }

  private receive(channel: LiveChannel, message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return; // not ours to fix: a message that is not JSON can never be shown
    }
    if (channel === 'positions') {
      for (const listener of this.immediatePositions) listener(parsed as LatestPosition[]);
      if ((this.listeners.get('positions')?.size ?? 0) > this.immediatePositions.size)
        for (const position of parsed as LatestPosition[])
          this.pendingPositions.set(position.deviceId, position);
      return;
    }
    for (const listener of this.listeners.get(channel) ?? []) listener(parsed as LiveMessages[LiveChannel]);
  }

  private flushPositions(): void {
    if (this.pendingPositions.size === 0) return;
    const batch = [...this.pendingPositions.values()];
    this.pendingPositions = new Map();
    for (const listener of this.listeners.get('positions') ?? []) listener(batch);
  }
}
