import { Value } from '@sinclair/typebox/value';
import { type ConnectionOptions, type JobsOptions, Queue } from 'bullmq';
import { bullPrefix, JOBS, type JobName, type JobPayload } from './catalog';

/** A Redis connection as BullMQ takes it: options with a URL, or an ioredis client it must not close. */
export type QueueConnection = ConnectionOptions;

/**
 * Adds jobs of the catalog to their queues (the producer side: api, cli). Payloads are checked
 * against the catalog's schema before they reach Redis, so a worker never sees a malformed job.
 */
export class JobQueues {
  private readonly queues = new Map<JobName, Queue>();

  constructor(
    private readonly connection: QueueConnection,
    private readonly redisPrefix: string,
    /** Called with each queue as it is created, e.g. to listen to its connection errors. */
    private readonly onQueue: (queue: Queue) => void = (queue) => queue.on('error', () => {}),
  ) {}

  /** The queue of a job, created on first use. */
  queue(job: JobName): Queue {
    let queue = this.queues.get(job);
    if (!queue) {
      queue = new Queue(JOBS[job].queue, {
        connection: this.connection,
        prefix: bullPrefix(this.redisPrefix),
        skipWaitingForReady: true,
      });
      this.onQueue(queue);
      this.queues.set(job, queue);
    }
    return queue;
  }

  /** Queues one job; returns its id. */
  async add<N extends JobName>(job: N, payload: JobPayload<N>, options: JobsOptions = {}): Promise<string> {
    if (!Value.Check(JOBS[job].payload, payload))
      throw new TypeError(`Payload of ${job} does not match its schema: ${JSON.stringify(payload)}`);
    const added = await this.queue(job).add(job, payload, { ...JOBS[job].options, ...options });
    return added.id ?? '';
  }

  /** Jobs waiting to run (scheduled or manual), for the console. */
  async waiting(job: JobName): Promise<number> {
    return this.queue(job).getWaitingCount();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
