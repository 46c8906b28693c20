import type { Queryable } from '@pioneira/core';
import { PG_CHANNELS, type Topic } from './topology';

/**
 * Adds one message to the outbox inside the caller's transaction and wakes the relays when it
 * commits (NOTIFY is delivered at commit, and not at all on rollback). JSON payloads are serialised;
 * a Buffer goes as is.
 */
export async function enqueueOutbox(tx: Queryable, topic: Topic, payload: Buffer | object): Promise<void> {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  await tx`
    WITH box AS (INSERT INTO outbox (topic, payload) VALUES (${topic}, ${bytes}))
    SELECT pg_notify(${PG_CHANNELS.outbox}, '')`;
}
