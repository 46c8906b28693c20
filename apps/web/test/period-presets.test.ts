import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPeriod, resolvePeriod, writePeriod } from '../src/lib/period';

const SP = 'America/Sao_Paulo';
// 22:30 in São Paulo on 31 Jan 2026 is already 1 Feb in UTC.
const eveningInBrazil = new Date('2026-02-01T01:30:00Z');

test('presets count whole local days ending today where the user is, not in UTC', () => {
  assert.deepEqual(resolvePeriod('today', SP, {}, eveningInBrazil), {
    preset: 'today',
    from: '2026-01-31',
    to: '2026-01-31',
  });
  assert.deepEqual(resolvePeriod('today', 'UTC', {}, eveningInBrazil), {
    preset: 'today',
    from: '2026-02-01',
    to: '2026-02-01',
  });
  assert.deepEqual(resolvePeriod('7d', SP, {}, eveningInBrazil), {
    preset: '7d',
    from: '2026-01-25',
    to: '2026-01-31',
  });
  assert.deepEqual(resolvePeriod('30d', SP, {}, eveningInBrazil), {
    preset: '30d',
    from: '2026-01-02',
    to: '2026-01-31',
  });
  assert.deepEqual(resolvePeriod('90d', SP, {}, eveningInBrazil), {
    preset: '90d',
    from: '2025-11-03',
    to: '2026-01-31',
  });
});

test('this month and last month follow the calendar, across a year and a leap February', () => {
  assert.deepEqual(resolvePeriod('thisMonth', SP, {}, eveningInBrazil), {
    preset: 'thisMonth',
    from: '2026-01-01',
    to: '2026-01-31',
  });
  assert.deepEqual(resolvePeriod('lastMonth', SP, {}, eveningInBrazil), {
    preset: 'lastMonth',
    from: '2025-12-01',
    to: '2025-12-31',
  });
  const march2028 = new Date('2028-03-10T15:00:00Z');
  assert.deepEqual(resolvePeriod('lastMonth', SP, {}, march2028), {
    preset: 'lastMonth',
    from: '2028-02-01',
    to: '2028-02-29',
  });
});

test('a custom period keeps its dates (swapped if reversed) and a broken one falls back to 30 days', () => {
  const now = new Date('2026-05-20T12:00:00Z');
  assert.deepEqual(resolvePeriod('custom', SP, { from: '2026-03-10', to: '2026-03-01' }, now), {
    preset: 'custom',
    from: '2026-03-01',
    to: '2026-03-10',
  });
  assert.equal(resolvePeriod('custom', SP, { from: '2026-02-30', to: '2026-03-01' }, now).preset, '30d');
  assert.equal(resolvePeriod('custom', SP, { from: 'yesterday', to: null }, now).preset, '30d');
});

test('the address round-trips the period and leaves the default out', () => {
  const params = new URLSearchParams('q=1');
  writePeriod(params, { preset: 'custom', from: '2026-03-01', to: '2026-03-10' });
  assert.equal(params.toString(), 'q=1&period=custom&from=2026-03-01&to=2026-03-10');
  assert.deepEqual(readPeriod(params, SP), { preset: 'custom', from: '2026-03-01', to: '2026-03-10' });
  // The form's links carry bare from/to.
  assert.equal(readPeriod(new URLSearchParams('from=2026-03-01&to=2026-03-02'), SP).preset, 'custom');
  writePeriod(params, resolvePeriod('30d', SP));
  assert.equal(params.toString(), 'q=1');
});
