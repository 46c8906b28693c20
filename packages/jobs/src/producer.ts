import { Queue } from 'bullmq';
import { bullPrefix, ETL_JOBS, type EtlJob, type EtlJobData, queueNameOf } from './catalog';

/** Adds jobs to the ETL queues; the API uses it for "run now". */
export class EtlQueues {
  private readonly queues: Map<EtlJob, Queue<EtlJobData>>;

  constructor(redisUrl: string, redisPrefix: string) {
    const connection = { url: redisUrl, maxRetriesPerRequest: 2 };
    this.queues = new Map(
      ETL_JOBS.map((job) => [
        job,
        new Queue<EtlJobData>(queueNameOf(job), {
          connection,
          prefix: bullPrefix(redisPrefix),
          skipWaitingForReady: true,
        }),
      ]),
    );
  }

  queue(job: EtlJob): Queue<EtlJobData> {
    return this.queues.get(job)!;
  }

  /** Queues one run now; a run already in progress finishes first (concurrency 1). */
  async runNow(job: EtlJob, requestedBy?: string): Promise<string> {
    const added = await this.queue(job).add(
      job,
      { trigger: 'manual', requestedBy },
      { removeOnComplete: 100, removeOnFail: 500 },
    );
    return added.id ?? '';
  }

  /** Jobs waiting to run (scheduled or manual), for the console. */
  async waiting(job: EtlJob): Promise<number> {
    return this.queue(job).getWaitingCount();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
