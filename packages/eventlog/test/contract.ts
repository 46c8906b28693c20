import { after, describe } from 'node:test';
import { uniqueName } from '@pioneira/testing';
import type { EventLog } from '../src/index';
import { deliveryContract } from './contract-delivery';
import { groupsContract } from './contract-groups';
import { recoveryContract } from './contract-recovery';

/** Opens an event log under `prefix`, tuned for tests: ack timeout ~1 s, short polls, short shutdown. */
export type EventLogFactory = (prefix: string) => EventLog;

export interface ContractContext {
  /** A new event log instance (own connections), closed after the suite. */
  open(): EventLog;
  /** A topic name no other test uses, deleted after the suite. */
  topic(): string;
  group(): string;
  /** Whether the adapter drops a republished message with the same id. */
  dedup: boolean;
}

/**
 * The behaviour every event log adapter must show against its real server. Each adapter's test file calls
 * this with a factory; the factory must set ackTimeoutMs ≈ 1000, pollTimeoutMs ≤ 500, retryDelayMs ≤ 200
 * and shutdownTimeoutMs ≈ 200 so the suite stays fast.
 */
export function runEventLogContract(
  name: string,
  factory: EventLogFactory,
  options: { dedup: boolean },
): void {
  describe(`event log contract: ${name}`, () => {
    const prefix = uniqueName('el');
    const logs: EventLog[] = [];
    const topics: string[] = [];
    const context: ContractContext = {
      open() {
        const log = factory(prefix);
        logs.push(log);
        return log;
      },
      topic() {
        const topic = uniqueName('topic');
        topics.push(topic);
        return topic;
      },
      group: () => uniqueName('group'),
      dedup: options.dedup,
    };

    after(async () => {
      await Promise.all(logs.map((log) => log.close()));
      const admin = factory(prefix);
      await admin.deleteTopics(topics);
      await admin.close();
    });

    deliveryContract(context);
    groupsContract(context);
    recoveryContract(context);
  });
}
