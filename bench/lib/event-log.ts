import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventLog } from '@pioneira/eventlog';

export type EventLogKind = 'redis' | 'nats' | 'kafka';

/** The server of a benchmark's event log: environment for the processes, and a stop for what was started. */
export interface BenchEventLog {
  kind: EventLogKind;
  env: Record<string, string>;
  /** Deletes the run's topics (NATS streams, Kafka topics; Redis keys go with the prefix), stops a broker it started. */
  stop(prefix: string, topics: string[]): Promise<void>;
}

const script = new URL('../../scripts/kafka.sh', import.meta.url).pathname;

/**
 * Redis needs nothing more; NATS is NATS_URL (127.0.0.1:4222 by default); Kafka is KAFKA_BROKERS, or a
 * single-node broker started here with scripts/kafka.sh (JDK and Maven needed) and stopped afterwards.
 */
export async function benchEventLog(kind: string, log: (line: string) => void): Promise<BenchEventLog> {
  if (kind !== 'redis' && kind !== 'nats' && kind !== 'kafka')
    throw new Error(`--event-log must be redis, nats or kafka (got "${kind}")`);
  const env: Record<string, string> = {};
  let stopBroker = () => {};
  if (kind === 'nats') env.NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  if (kind === 'kafka') {
    if (process.env.KAFKA_BROKERS) env.KAFKA_BROKERS = process.env.KAFKA_BROKERS;
    else {
      const dir = mkdtempSync(join(tmpdir(), 'pioneira-bench-kafka-'));
      log('KAFKA_BROKERS is unset: starting a single-node Kafka (scripts/kafka.sh)…');
      const started = spawnSync('bash', [script, 'start', '--dir', dir], { encoding: 'utf8' });
      const brokers = /KAFKA_BROKERS=(\S+)/.exec(started.stdout ?? '')?.[1];
      stopBroker = () => {
        spawnSync('bash', [script, 'stop', '--dir', dir], { stdio: 'ignore' });
        rmSync(dir, { recursive: true, force: true });
      };
      if (started.status !== 0 || !brokers) {
        stopBroker();
        throw new Error(
          `Kafka did not start (${(started.stderr ?? '').trim().split('\n').slice(-2).join(' ')}); set KAFKA_BROKERS or install a JDK 17+ and Maven.`,
        );
      }
      env.KAFKA_BROKERS = brokers;
    }
  }
  return {
    kind,
    env,
    async stop(prefix, topics) {
      if (kind !== 'redis') {
        const eventLog = createEventLog({
          kind,
          prefix,
          retentionHours: 1,
          natsUrl: env.NATS_URL,
          kafkaBrokers: env.KAFKA_BROKERS?.split(','),
        });
        await eventLog
          .deleteTopics(topics)
          .catch((error) => log(`could not delete the run's topics: ${error}`));
        await eventLog.close();
      }
      stopBroker();
    },
  };
}
