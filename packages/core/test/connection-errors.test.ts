import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { ConnectionErrors } from '@pioneira/core';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

test('a failing component is logged once, then summarised once per interval, then restored', () => {
  let now = 0;
  const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
  const errors = new ConnectionErrors(
    (message, fields) => lines.push({ message, fields }),
    (message, fields) => lines.push({ message, fields }),
    30_000,
    () => now,
  );
  const client = Object.assign(new EventEmitter(), { status: 'connecting' });
  const queue = new EventEmitter();
  errors.watch(client, 'redis');
  errors.watch(queue, 'mix jobs');
  for (let i = 0; i < 500; i++) {
    now += 50;
    client.emit('error', refused);
    queue.emit('error', refused);
  }
  assert.deepEqual(
    lines.map((l) => l.message),
    ['redis: failing (ECONNREFUSED); retrying', 'mix jobs: failing (ECONNREFUSED); retrying'],
    '25 s of errors: one line each',
  );
  now += 6_000;
  client.emit('error', refused);
  assert.equal(lines.at(-1)?.message, 'redis: still failing (ECONNREFUSED); 500 errors since last report');
  assert.equal(lines.at(-1)?.fields.errors, 500);
  assert.deepEqual(errors.failing().sort(), ['mix jobs', 'redis']);

  client.emit('ready');
  assert.deepEqual(
    lines.slice(-2).map((l) => l.message),
    ['redis: connection restored', 'mix jobs: connection restored'],
    'a queue that never announces itself recovers with the client',
  );
  assert.deepEqual(errors.failing(), []);
  client.emit('ready');
  assert.equal(lines.length, 5, 'a reconnect without an outage says nothing');
  queue.emit('error', refused);
  assert.equal(
    lines.at(-1)?.message,
    'mix jobs: failing (ECONNREFUSED); retrying',
    'a new outage is reported at once',
  );
});
