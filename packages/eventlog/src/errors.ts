/** Codes of the failures the event log reports to its callers. */
export type EventLogErrorCode =
  | 'EVENT_LOG_CONFIG_INVALID'
  | 'EVENT_LOG_KIND_UNAVAILABLE'
  | 'EVENT_LOG_NAME_INVALID'
  | 'EVENT_LOG_CLOSED'
  | 'EVENT_LOG_GROUP_ACTIVE'
  | 'EVENT_LOG_UNREACHABLE'
  | 'EVENT_LOG_PUBLISH_FAILED';

/** An event-log failure: `code` for programs, a message that says what was wrong and what to do. */
export class EventLogError extends Error {
  override name = 'EventLogError';
  constructor(
    readonly code: EventLogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
