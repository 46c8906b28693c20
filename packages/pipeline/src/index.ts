export { eventLogConfig, openEventLog } from './event-log-config';
export {
  bullPrefix,
  CONSOLE_JOBS,
  type ConsoleJob,
  isConsoleJob,
  JOB_NAMES,
  JOBS,
  type JobDef,
  type JobName,
  type JobPayload,
  schedulerIdOf,
} from './jobs/catalog';
export { JobQueues, type QueueConnection } from './jobs/queues';
export { enqueueOutbox } from './outbox';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRow,
  type TopicSplitter,
  wholeRow,
} from './relay/outbox-relay';
export {
  CONSUMER_GROUPS,
  type ConsumerGroup,
  type ConsumerGroupDef,
  consumerGroupNames,
  groupTopics,
  LIVE_CHANNELS,
  type LiveChannel,
  PG_CHANNELS,
  TOPICS,
  type Topic,
} from './topology';
