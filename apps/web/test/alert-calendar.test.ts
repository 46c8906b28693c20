import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromCalendar, toCalendar } from '../src/features/alerts/calendar';

// An alert rule's calendar is edited with the driving rules' hours editor (days × from–to) and sent
// to the API as one window per day that ends after it starts.

test('a window on several days becomes one window per day; an end of 00:00 is midnight', () => {
  assert.deepEqual(toCalendar([{ days: [1, 5], from: '20:00', to: '00:00' }]), [
    { day: 1, from: '20:00', to: '24:00' },
    { day: 5, from: '20:00', to: '24:00' },
  ]);
  assert.deepEqual(toCalendar([{ days: [0], from: '00:00', to: '00:00' }]), [
    { day: 0, from: '00:00', to: '24:00' },
  ]);
});

test('a night shift crossing midnight continues on the next day, Saturday into Sunday', () => {
  assert.deepEqual(toCalendar([{ days: [6], from: '22:00', to: '06:00' }]), [
    { day: 0, from: '00:00', to: '06:00' },
    { day: 6, from: '22:00', to: '24:00' },
  ]);
});

test('incomplete or empty windows are refused, overlapping copies kept once', () => {
  assert.equal(toCalendar([{ days: [], from: '08:00', to: '12:00' }]), undefined);
  assert.equal(toCalendar([{ days: [1], from: '08:00', to: '08:00' }]), undefined);
  assert.equal(toCalendar([{ days: [1], from: '8:00', to: '12:00' }]), undefined);
  assert.deepEqual(
    toCalendar([
      { days: [1], from: '08:00', to: '12:00' },
      { days: [1, 2], from: '08:00', to: '12:00' },
    ]),
    [
      { day: 1, from: '08:00', to: '12:00' },
      { day: 2, from: '08:00', to: '12:00' },
    ],
  );
});

test('the API calendar reads back as windows grouping the days with the same hours', () => {
  const windows = [
    { days: [1, 2, 3, 4, 5], from: '20:00', to: '00:00' },
    { days: [0, 6], from: '00:00', to: '00:00' },
  ];
  const calendar = toCalendar(windows);
  assert.ok(calendar);
  assert.deepEqual(fromCalendar(calendar), [
    { days: [0, 6], from: '00:00', to: '00:00' },
    { days: [1, 2, 3, 4, 5], from: '20:00', to: '00:00' },
  ]);
  assert.deepEqual(fromCalendar(null), []);
});
