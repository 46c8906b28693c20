import type { JetStreamClient, JsMsg, NatsConnection } from 'nats';
import { ConsumerLoop } from '../consumer-loop';
import type { DeliveredMessage, SubscribeOptions, Tuning } from '../types';
import { keyOfSubject, streamName } from './subjects';

/**
 * A consumer of JetStream durable pull consumers (one per topic, named after the group). Each topic has
 * its own read loop; ConsumerLoop serializes the handler calls across them.
 */
export function startNatsSubscription(
  options: SubscribeOptions,
  parts: { connection: NatsConnection; jetstream: JetStreamClient; prefix: string; tuning: Tuning },
): ConsumerLoop {
  const { connection, jetstream, prefix, tuning } = parts;
  const batchSize = options.batchSize ?? 100;
  const loop = new ConsumerLoop(options.handler, options.onError ?? console.error, tuning.retryDelayMs);

  for (const topic of options.topics) {
    const stream = streamName(prefix, topic);
    loop.run(async () => {
      // The legacy fetch is used on purpose: it alone takes no_wait together with expires, the pull that
      // waits up to `expires` for a first message and then returns at once with whatever is available.
      // Low traffic gets low latency, high traffic gets full batches. Consumer#fetch waits for a full batch.
      const messages: JsMsg[] = [];
      const fetched = jetstream.fetch(stream, options.group, {
        batch: batchSize,
        expires: Math.max(tuning.pollTimeoutMs, 100),
        no_wait: true,
      });
      for await (const message of fetched) messages.push(message);
      if (messages.length === 0) return;
      await loop.handle(
        messages.map((message) => toDelivered(topic, message)),
        {
          ack: async () => {
            // The last message is acknowledged with a confirmation: JetStream applies one consumer's
            // acks in order, so once it confirms the last, the whole batch is acknowledged (a flush
            // only proves the server received them, not that the consumer state has them yet).
            const last = messages[messages.length - 1];
            for (const message of messages) if (message !== last) message.ack();
            await last.ackAck();
          },
          // Redeliveries jump the queue in JetStream, so a failed batch comes back before newer messages,
          // provided the consumer has applied the NAKs before the next pull: like the acks above, the
          // last NAK is sent as a request the server answers once it has processed it (in order), so
          // the next fetch cannot be served newer messages first.
          fail: async () => {
            const last = messages[messages.length - 1];
            for (const message of messages) if (message !== last) message.nak();
            // The client's message class has the reply subject; its interface does not declare it.
            const reply = (last as JsMsg & { reply?: string }).reply;
            if (reply) await connection.request(reply, NAK, { timeout: tuning.ackTimeoutMs });
            else {
              last.nak();
              await connection.flush();
            }
          },
        },
      );
    });
  }
  return loop;
}

const RESERVED_HEADER = /^nats-/i;
const NAK = new TextEncoder().encode('-NAK');

function toDelivered(topic: string, message: JsMsg): DeliveredMessage {
  const headers: Record<string, string> = {};
  let id: string | undefined;
  if (message.headers) {
    for (const name of message.headers.keys()) {
      if (name.toLowerCase() === 'nats-msg-id') id = message.headers.get(name);
      else if (!RESERVED_HEADER.test(name)) headers[name] = message.headers.get(name);
    }
  }
  const position = String(message.seq);
  return {
    topic,
    key: keyOfSubject(message.subject),
    value: Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength),
    headers,
    id: id ?? `${topic}:${position}`,
    timestamp: new Date(Math.floor(message.info.timestampNanos / 1e6)),
    position,
    redelivered: message.redelivered,
  };
}
