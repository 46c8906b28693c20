// Kafka topics and consumer groups are cluster-wide, so both carry the event log's prefix. The checked name
// alphabet (letters, digits, "_", "-") is a subset of Kafka's, and prefix + topic stays under its 249 chars.
export function kafkaTopic(prefix: string, topic: string): string {
  return `${prefix}_${topic}`;
}

export function kafkaGroup(prefix: string, group: string): string {
  return `${prefix}_${group}`;
}

/**
 * A member-less group beside each consumer group whose "committed" offsets record how far the group has
 * handed messages to handlers. Kafka has no delivery count; this mark is what tells a consumer that a
 * message below it may have been handled before (`redelivered`), e.g. after a crashed consumer.
 */
export function handedGroup(groupId: string): string {
  return `${groupId}.handed`;
}

/** The header that carries EventLogMessage.id (Kafka has no message id of its own). */
export const ID_HEADER = 'pioneira-id';

export const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;
