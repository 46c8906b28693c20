import { type Admin, ListOffsetTimestamps } from '@platformatic/kafka';

/** Offsets per partition of one topic. */
export type PartitionOffsets = Map<number, bigint>;

export const EARLIEST = ListOffsetTimestamps.EARLIEST;
export const LATEST = ListOffsetTimestamps.LATEST;

/** The partitions of a topic, or undefined when the topic does not exist. */
export async function partitionsOf(admin: Admin, topic: string): Promise<number[] | undefined> {
  try {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    return Array.from({ length: count }, (_, i) => i);
  } catch (error) {
    if (isUnknownTopic(error)) return undefined;
    throw error;
  }
}

/**
 * For each partition: the first offset whose timestamp is at or after `at` (ms since the epoch), or the
 * log start (EARLIEST) / end (LATEST). A time after the last message gives the end of the partition.
 */
export async function logOffsets(
  admin: Admin,
  topic: string,
  partitions: number[],
  at: bigint,
): Promise<PartitionOffsets> {
  const [listed] = await admin.listOffsets({
    topics: [
      { name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp: at })) },
    ],
  });
  const offsets: PartitionOffsets = new Map();
  const ends = at >= 0n ? await logOffsets(admin, topic, partitions, LATEST) : undefined;
  for (const { partitionIndex, offset } of listed?.partitions ?? []) {
    offsets.set(partitionIndex, offset >= 0n ? offset : (ends?.get(partitionIndex) ?? 0n));
  }
  return offsets;
}

/** The group's committed offsets on the topic; partitions without a commit are absent. */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
  partitions: number[],
): Promise<PartitionOffsets> {
  const [group] = await admin.listConsumerGroupOffsets({
    groups: [{ groupId, topics: [{ name: topic, partitionIndexes: partitions }] }],
  });
  const offsets: PartitionOffsets = new Map();
  for (const listed of group?.topics ?? []) {
    if (listed.name !== topic) continue;
    for (const { partitionIndex, committedOffset } of listed.partitions) {
      if (committedOffset >= 0n) offsets.set(partitionIndex, committedOffset);
    }
  }
  return offsets;
}

/** Commits offsets for a group that has no active member (a simple, generation-less commit). */
export async function commitOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
  offsets: PartitionOffsets,
): Promise<void> {
  if (offsets.size === 0) return;
  await admin.alterConsumerGroupOffsets({
    groupId,
    topics: [
      {
        name: topic,
        partitionOffsets: [...offsets].map(([partition, offset]) => ({ partition, offset })),
      },
    ],
  });
}

function findApiError(error: unknown, id: string): boolean {
  const found = (error as { findBy?: (property: string, value: unknown) => unknown } | null)?.findBy?.(
    'apiId',
    id,
  );
  return Boolean(found) || (error as { apiId?: string } | null)?.apiId === id;
}

/**
 * The broker does not (yet) know the topic. The client reports a metadata answer for an unknown topic as
 * its own user error rather than the broker's code, and a topic just created is unknown to the metadata
 * of a broker for a moment.
 */
export const isUnknownTopic = (error: unknown) =>
  findApiError(error, 'UNKNOWN_TOPIC_OR_PARTITION') ||
  ((error as { code?: string } | null)?.code === 'PLT_KFK_USER' &&
    /^Unknown topic /.test((error as { message?: string }).message ?? ''));
export const isTopicExists = (error: unknown) => findApiError(error, 'TOPIC_ALREADY_EXISTS');
/** The group has members: its offsets can only be moved by them, or once they have stopped. */
export const isGroupActive = (error: unknown) =>
  findApiError(error, 'UNKNOWN_MEMBER_ID') ||
  findApiError(error, 'ILLEGAL_GENERATION') ||
  findApiError(error, 'REBALANCE_IN_PROGRESS') ||
  findApiError(error, 'NON_EMPTY_GROUP');
