import type { Config } from '@pioneira/config';
import { createEventLog, type EventLog, type EventLogConfig } from '@pioneira/eventlog';

/** The event log settings of the platform config (same prefix as every other Redis key). */
export function eventLogConfig(config: Readonly<Config>): EventLogConfig {
  return {
    kind: config.eventLog.kind,
    prefix: config.redisPrefix,
    retentionHours: config.eventLog.retentionHours,
    redisUrl: config.redisUrl,
    natsUrl: config.eventLog.natsUrl,
    kafkaBrokers: config.eventLog.kafkaBrokers,
  };
}

/** The platform's event log, connected lazily on first use. */
export const openEventLog = (config: Readonly<Config>): EventLog => createEventLog(eventLogConfig(config));
