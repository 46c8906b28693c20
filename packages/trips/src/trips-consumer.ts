import type { Sql } from '@pioneira/db';
import type { EventLog, Subscription } from '@pioneira/eventlog';
import { decodeWire } from '@pioneira/gps';
import { CONSUMER_GROUPS, type ConsumerGroup } from '@pioneira/pipeline';
import { SegmentationService } from './segmentation.service';

export const TRIPS_GROUP: ConsumerGroup = 'trips';

/**
 * Messages per batch: one transaction each, whose fixed costs (the round trips, the state rows'
 * lock and update, the commit) are paid per batch, so a backlog drains in fewer, larger ones.
 */
export const TRIPS_BATCH_SIZE = 1_000;

/**
 * Least time from one batch's start to the next: while positions stream in, a batch then holds what
 * arrived meanwhile (up to TRIPS_BATCH_SIZE messages) instead of the one or two messages a
 * consumer that keeps up finds, so the per-transaction costs are paid a few times a second, not
 * per message. Trips close minutes after their end, so half a second more changes nothing seen.
 */
export const TRIPS_BATCH_INTERVAL_MS = 500;

export interface TripsConsumerOptions {
  sql: Sql;
  log: EventLog;
  /** The company's time zone: the days of the daily summaries. */
  timeZone: string;
  batchSize?: number;
  /** Least time between the starts of two batches (TRIPS_BATCH_INTERVAL_MS by default). */
  batchIntervalMs?: number;
  /** How often open trips of silent devices are closed. */
  flushEveryMs?: number;
  onError?: (error: unknown) => void;
}

/** The `trips` consumer group: hands each batch's positions to the segmentation service. */
export class TripsConsumer {
  readonly service: SegmentationService;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<unknown> | undefined;
  private lastBatchAt = 0;
  private pacing: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private stopping = false;

  constructor(private readonly options: TripsConsumerOptions) {
    this.service = new SegmentationService(options.sql, options.timeZone);
  }

  async start(): Promise<void> {
    const report = this.options.onError ?? console.error;
    this.subscription = await this.options.log.subscribe({
      group: TRIPS_GROUP,
      topics: [...CONSUMER_GROUPS[TRIPS_GROUP].topics],
      batchSize: this.options.batchSize ?? TRIPS_BATCH_SIZE,
      handler: async (batch) => {
        await this.pace();
        // The messages carry each fix's time, position and speed: only attributes are read back.
        await this.service.applyPositions(batch.flatMap((message) => decodeWire(message.value)));
      },
      onError: report,
    });
    this.timer = setInterval(() => {
      this.flushing ??= this.service
        .flushSilent()
        .catch(report)
        .finally(() => {
          this.flushing = undefined;
        });
    }, this.options.flushEveryMs ?? 60_000);
  }

  /** Waits out the rest of the batch interval (cut short by `stop`: the batch in hand is still handled). */
  private async pace(): Promise<void> {
    const wait = this.lastBatchAt + (this.options.batchIntervalMs ?? TRIPS_BATCH_INTERVAL_MS) - Date.now();
    if (wait > 0 && !this.stopping)
      await new Promise<void>((resolve) => {
        this.pacing = { timer: setTimeout(resolve, wait), resolve };
      });
    this.pacing = undefined;
    this.lastBatchAt = Date.now();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pacing) {
      clearTimeout(this.pacing.timer);
      this.pacing.resolve();
    }
    clearInterval(this.timer);
    await this.subscription?.stop();
    await this.flushing;
  }
}
