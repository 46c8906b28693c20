import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatSinceToken,
  int64ArrayJson,
  parseInt64Json,
  parseMixDate,
  SecretBox,
  sinceTokenTime,
} from '../src';

test('int64 ids survive parsing exactly; strings and floats are left alone', () => {
  const text =
    '[{"EventId":-5714153672471940592,"DriverId":1344082621479972864,"Value":0.30000000000000004,"N":12,' +
    '"Note":"id 9223372036854775807, not a number","Big":9.2233720368547758e18,"Min":-9223372036854775808}]';
  const [e] = parseInt64Json<Record<string, unknown>[]>(text);
  assert.equal(e.EventId, '-5714153672471940592');
  assert.equal(e.DriverId, '1344082621479972864');
  assert.equal(e.Min, '-9223372036854775808');
  assert.equal(e.Value, 0.30000000000000004);
  assert.equal(e.N, 12);
  assert.equal(e.Note, 'id 9223372036854775807, not a number');
  assert.equal(typeof e.Big, 'number');
});

test('request bodies carry int64 ids as bare numbers and refuse anything else', () => {
  assert.equal(int64ArrayJson(['-7146512584512096534']), '[-7146512584512096534]');
  assert.throws(() => int64ArrayJson(['1e5']));
  assert.throws(() => int64ArrayJson(['12345678901234567890']));
});

test('dates: Z, offsets, no offset (UTC) and any fraction', () => {
  const iso = (v: string) => parseMixDate(v)?.toISOString();
  assert.equal(iso('2025-03-01T12:00:00Z'), '2025-03-01T12:00:00.000Z');
  assert.equal(iso('2025-03-01T12:00:00'), '2025-03-01T12:00:00.000Z');
  assert.equal(iso('2025-03-01T09:00:00-03:00'), '2025-03-01T12:00:00.000Z');
  assert.equal(iso('2025-03-01T12:00:00.1234567+0000'), '2025-03-01T12:00:00.123Z');
  assert.equal(iso('2025-03-01 12:00:00.5'), '2025-03-01T12:00:00.500Z');
  assert.equal(parseMixDate('yesterday'), undefined);
  assert.equal(parseMixDate(null), undefined);
});

test('since tokens round-trip as UTC yyyyMMddHHmmssfff', () => {
  const ms = Date.UTC(2025, 0, 2, 3, 4, 5, 67);
  assert.equal(formatSinceToken(ms), '20250102030405067');
  assert.equal(sinceTokenTime('20250102030405067'), ms);
  assert.equal(sinceTokenTime('NEW'), undefined);
});

test('secrets at rest: fresh IV each time, tampering and other keys are refused', () => {
  const box = new SecretBox('a-credentials-key-that-is-long-enough-123');
  const a = box.seal('hunter2');
  assert.notEqual(a, box.seal('hunter2'));
  assert.equal(box.open(a), 'hunter2');
  assert.ok(!a.includes('hunter2'));
  const parts = a.split('.');
  parts[3] = Buffer.from('hunter3').toString('base64url');
  assert.throws(() => box.open(parts.join('.')));
  assert.throws(() => new SecretBox('another-credentials-key-long-enough-456').open(a));
});
