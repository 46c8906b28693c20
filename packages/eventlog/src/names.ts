import { EventLogError } from './errors';

// Topics, groups and prefixes become Redis keys, NATS subject tokens, stream and durable names and Kafka
// topics; this alphabet is valid in all of them, so a name that works on one adapter works on every one.
const NAME = /^[A-Za-z0-9_-]{1,120}$/;
const CONSUMER = /^[A-Za-z0-9_.:-]{1,200}$/;

export function checkName(kind: 'prefix' | 'topic' | 'group', name: string): string {
  if (!NAME.test(name)) {
    throw new EventLogError(
      'EVENT_LOG_NAME_INVALID',
      `The ${kind} name "${name}" is not valid: use 1 to 120 letters, digits, "_" or "-".`,
    );
  }
  return name;
}

export function checkConsumerName(name: string): string {
  if (!CONSUMER.test(name)) {
    throw new EventLogError(
      'EVENT_LOG_NAME_INVALID',
      `The consumer name "${name}" is not valid: use 1 to 200 letters, digits, "_", "-", "." or ":".`,
    );
  }
  return name;
}
