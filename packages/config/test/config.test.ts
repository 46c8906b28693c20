import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src';

const valid = {
  DATABASE_URL: 'postgres://u@h/db',
  REDIS_URL: 'redis://h:6379',
  JWT_SECRET: 'x'.repeat(32),
  CREDENTIALS_KEY: 'y'.repeat(32),
};

test('a valid environment becomes one frozen config with defaults', () => {
  const config = loadConfig(valid);
  assert.ok(Object.isFrozen(config));
  assert.equal(config.api.port, 3001);
  assert.equal(config.ports.osmand, 5055);
  assert.equal(config.mix.rateLimitPerMinute, 20);
  assert.equal(config.eventLog.kind, 'redis');
});

test('every invalid variable is listed at once, and secrets are never echoed', () => {
  try {
    loadConfig({
      ...valid,
      API_PORT: '99999',
      EVENT_LOG: 'kafka',
      DATABASE_URL: 'mysql://x',
      JWT_SECRET: 'short-secret',
      SELF_REGISTRATION: 'perhaps',
    });
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const text = error.message;
    for (const name of ['API_PORT', 'KAFKA_BROKERS', 'DATABASE_URL', 'JWT_SECRET', 'SELF_REGISTRATION'])
      assert.match(text, new RegExp(name));
    assert.equal(error.problems.length, 5);
    assert.doesNotMatch(text, /short-secret/);
  }
});

test('production requires the secrets and URLs', () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production' }),
    (e: ConfigError) => e.problems.length === 4,
  );
});

test('the company time zone defaults to São Paulo and must be a real IANA zone', () => {
  const base = valid;
  assert.equal(loadConfig(base).companyTimeZone, 'America/Sao_Paulo');
  assert.equal(
    loadConfig({ ...base, COMPANY_TIME_ZONE: 'America/Manaus' }).companyTimeZone,
    'America/Manaus',
  );
  assert.throws(
    () => loadConfig({ ...base, COMPANY_TIME_ZONE: 'Brasil/Sampa' }),
    (e: ConfigError) => e.problems.some((p) => /COMPANY_TIME_ZONE must be an IANA time zone/.test(p)),
  );
});

test('one device timeout: DEVICE_OFFLINE_AFTER_SECONDS, or its former name DEVICE_ONLINE_SECONDS', () => {
  assert.equal(loadConfig(valid).deviceOfflineAfterSeconds, 1800);
  assert.equal(loadConfig({ ...valid, DEVICE_ONLINE_SECONDS: '300' }).deviceOfflineAfterSeconds, 300);
  assert.equal(
    loadConfig({ ...valid, DEVICE_ONLINE_SECONDS: '300', DEVICE_OFFLINE_AFTER_SECONDS: '900' })
      .deviceOfflineAfterSeconds,
    900,
    'the new name wins',
  );
  assert.throws(
    () => loadConfig({ ...valid, DEVICE_ONLINE_SECONDS: '30' }),
    (e: ConfigError) =>
      e.problems.length === 1 &&
      /DEVICE_OFFLINE_AFTER_SECONDS \(set by its former name DEVICE_ONLINE_SECONDS\) must be between 60/.test(
        e.problems[0],
      ),
  );
});
