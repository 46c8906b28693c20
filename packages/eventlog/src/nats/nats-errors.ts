import { NatsError } from 'nats';

// JetStream API error codes (nats-server's errors.json).
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof NatsError && error.api_error?.err_code === STREAM_NOT_FOUND;
}

export function isConsumerNotFound(error: unknown): boolean {
  return error instanceof NatsError && error.api_error?.err_code === CONSUMER_NOT_FOUND;
}

export async function ignoreNotFound(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isStreamNotFound(error) && !isConsumerNotFound(error)) throw error;
  }
}
