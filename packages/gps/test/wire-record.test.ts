import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWire, encodeWire, wireSpeedKmh } from '@pioneira/gps';
import { toRow } from '../src/ingest/position-row';

const fix = (speedKmh: number | null, course: number | null) =>
  toRow(7, {
    fixedAt: new Date('2026-12-03T12:00:00.123Z'),
    latitude: -23.5505199,
    longitude: -46.6333094,
    speedKmh,
    course,
    altitude: null,
    accuracy: null,
  });

test('stored units keep 0.001 km/h and 0.001°, a full turn is north, out-of-range values are clamped', () => {
  assert.deepEqual([fix(74.08, 7.199).speedKmh, fix(74.08, 7.199).course], [74.08, 7.199]);
  assert.equal(fix(12, 359.9996).course, 0);
  assert.equal(fix(12, 360).course, 0);
  assert.equal(fix(-3, 10).speedKmh, 0);
  assert.equal(fix(99_999, 10).speedKmh, 2_000);
  assert.deepEqual([fix(null, null).speedKmh, fix(null, null).course], [null, null]);
});

test('the wire record carries speed and course in hundredths, unknown as unknown, 24 bytes a fix', () => {
  const rows = [fix(74.08, 7.199), fix(null, null), fix(0, 0), fix(1_000, 359.99)];
  const wire = encodeWire(rows);
  assert.equal(wire.length, 4 * 24);
  const decoded = decodeWire(wire);
  assert.deepEqual(
    decoded.map((p) => [p.speedKmh, p.course]),
    [
      [74.08, 7.2],
      [null, null],
      [0, 0],
      [655.34, 359.99],
    ],
  );
  assert.equal(decoded[0].deviceNum, 7);
  assert.equal(decoded[0].t, Date.parse('2026-12-03T12:00:00.123Z'));
  assert.equal(decoded[0].latitude, -23.5505199);
});

test('wireSpeedKmh gives a stored speed as the wire record carries it', () => {
  const speeds = [4.996, 4.995, 47.125, 74.085, 0, 655.34, 2_000, null];
  const rows = speeds.map((s) => fix(s, null));
  assert.deepEqual(
    rows.map((r) => wireSpeedKmh(r.speedKmh)),
    decodeWire(encodeWire(rows)).map((p) => p.speedKmh),
  );
  assert.equal(wireSpeedKmh(4.996), 5);
  assert.equal(wireSpeedKmh(2_000), 655.34);
  assert.equal(wireSpeedKmh(null), null);
});
