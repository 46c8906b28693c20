import type { Sql } from '@pioneira/db';
import type { EventLog, Subscription } from '@pioneira/eventlog';
import { decodeWire } from '@pioneira/gps';
import { CONSUMER_GROUPS, type ConsumerGroup } from '@pioneira/pipeline';
import { type DeviceFixes, SegmentationService } from './segmentation.service';

export const TRIPS_GROUP: ConsumerGroup = 'trips';

export interface TripsConsumerOptions {
  sql: Sql;
  log: EventLog;
  /** The company's time zone: the days of the daily summaries. */
  timeZone: string;
  batchSize?: number;
  /** How often open trips of silent devices are closed. */
  flushEveryMs?: number;
  onError?: (error: unknown) => void;
}

/** The `trips` consumer group: hands each batch's devices to the segmentation service. */
export class TripsConsumer {
  readonly service: SegmentationService;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<unknown> | undefined;

  constructor(private readonly options: TripsConsumerOptions) {
    this.service = new SegmentationService(options.sql, options.timeZone);
  }

  async start(): Promise<void> {
    const report = this.options.onError ?? console.error;
    this.subscription = await this.options.log.subscribe({
      group: TRIPS_GROUP,
      topics: [...CONSUMER_GROUPS[TRIPS_GROUP].topics],
      batchSize: this.options.batchSize ?? 200,
      handler: async (batch) => {
        const devices: DeviceFixes[] = [];
        for (const message of batch)
          for (const fix of decodeWire(message.value))
            devices.push({ deviceNum: fix.deviceNum, times: [fix.t] });
        await this.service.apply(devices);
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

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.subscription?.stop();
    await this.flushing;
  }
}
