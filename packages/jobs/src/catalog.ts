/** Every background job: its queue and payload. Producers (the API) and the worker share this list. */
export const ETL_JOBS = ['mix.events', 'mix.sync'] as const;

export type EtlJob = (typeof ETL_JOBS)[number];

export interface EtlJobData {
  trigger: 'schedule' | 'manual';
  /** Who asked, for manual runs. */
  requestedBy?: string;
}

export const isEtlJob = (name: string): name is EtlJob => (ETL_JOBS as readonly string[]).includes(name);

/** One queue per job, so each has its own concurrency (1) and can be paused alone. */
export const queueNameOf = (job: EtlJob) => job.replace('.', '-');

/** BullMQ keys live under the installation's Redis prefix. */
export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;

/** Scheduler id of a job's cron: the same in every replica, so upserting it is idempotent. */
export const schedulerIdOf = (job: EtlJob) => `${job}:schedule`;
