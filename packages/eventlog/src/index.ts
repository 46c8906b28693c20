export { createEventLog } from './create';
export { EventLogError, type EventLogErrorCode } from './errors';
export type {
  DeliveredMessage,
  EventLog,
  EventLogConfig,
  EventLogMessage,
  GroupLag,
  StartAt,
  SubscribeOptions,
  Subscription,
} from './types';
