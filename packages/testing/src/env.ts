import { randomBytes } from 'node:crypto';

/** Where the test harness (scripts/test.ts) put the real services for this run. */
export interface TestEnv {
  databaseUrl: string;
  templateDatabase: string;
  redisUrl: string;
  natsUrl: string | undefined;
  kafkaBrokers: string | undefined;
  mqttUrl: string | undefined;
}

export function testEnv(env: NodeJS.ProcessEnv = process.env): TestEnv {
  return {
    databaseUrl: env.TEST_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    templateDatabase: env.TEST_TEMPLATE_DATABASE ?? 'pioneira_test_template',
    redisUrl: env.TEST_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    natsUrl: env.TEST_NATS_URL ?? env.NATS_URL,
    kafkaBrokers: env.TEST_KAFKA_BROKERS ?? env.KAFKA_BROKERS,
    mqttUrl: env.TEST_MQTT_URL ?? env.MQTT_URL,
  };
}

/** A name no other test file uses: for databases, Redis key prefixes, streams and topics. */
export function uniqueName(stem = 't'): string {
  return `${stem}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
