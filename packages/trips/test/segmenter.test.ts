import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_TRIP_SETTINGS as cfg,
  flushSilent,
  initialState,
  type Segment,
  type SegmenterState,
  segment,
} from '../src';
import type { Fix } from '../src/fix';
import { TrackBuilder } from './tracks';

const START = '2026-03-02T12:00:00Z';
const run = (fixes: Fix[], state: SegmenterState = initialState()) => segment(state, fixes, cfg);
const trips = (segments: Segment[]) => segments.filter((s) => s.kind === 'trip');
const stops = (segments: Segment[]) => segments.filter((s) => s.kind === 'stop');
const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} not within ${tolerance} of ${expected}`,
  );

test('without ignition: park, drive, park, drive gives two trips and the stops between them', () => {
  const track = new TrackBuilder(START).park(600).drive(600).park(900).drive(600, 54).park(600);
  const { closed, state } = run(track.fixes);
  const [first, second] = trips(closed);
  assert.equal(trips(closed).length, 2);
  near(first.distanceM, 6000, 120, 'first trip distance');
  near((first.endedAt - first.startedAt) / 1000, 600, 20, 'first trip duration');
  near(first.drivingSeconds, 600, 20, 'driving time');
  assert.equal(first.maxSpeedKmh, 36);
  near(second.distanceM, 9000, 160, 'second trip distance');
  assert.equal(stops(closed).length, 2, 'the first park and the stop between the trips');
  near((stops(closed)[1].endedAt - stops(closed)[1].startedAt) / 1000, 900, 20, 'stop duration');
  assert.equal(stops(closed)[1].idleSeconds, 0, 'engine state unknown: no idle is invented');
  assert.ok(state.stop && !state.moving, 'the last park is the open stop');
});

test('a halt shorter than a stop stays inside the trip as idle time', () => {
  const track = new TrackBuilder(START).park(600).drive(300).park(120).drive(300).park(600);
  const { closed } = run(track.fixes);
  assert.equal(trips(closed).length, 1);
  near(trips(closed)[0].idleSeconds, 110, 20, 'traffic-light idle');
  near(trips(closed)[0].distanceM, 6000, 150, 'distance of both legs');
});

test('movements shorter than 500 m or 5 minutes are not trips', () => {
  const short = new TrackBuilder(START).park(600).drive(40).park(900).drive(250, 80).park(900);
  const { closed } = run(short.fixes);
  assert.equal(trips(closed).length, 0);
  assert.equal(stops(closed).length, 0, 'one stop still open: the manoeuvres did not end it');
});

test('with ignition: off means still whatever GPS drift says, on while parked is idle', () => {
  const track = new TrackBuilder(START)
    .park(600, false)
    .drive(600, 40, true)
    .park(600, true) // idling at a delivery
    .park(600, false, 9) // engine off, GPS drifting at 9 km/h
    .drive(600, 40, true)
    .park(600, false);
  const { closed } = run(track.fixes);
  assert.equal(trips(closed).length, 2, 'the drifting fixes with the ignition off are no trip');
  const stop = stops(closed)[1];
  near((stop.endedAt - stop.startedAt) / 1000, 1200, 20, 'the stop lasts idle + engine off');
  near(stop.idleSeconds, 600, 20, 'engine-on part of the stop');
});

test('a device that goes silent mid-trip: the trip ends at its last fix, the gap is not driving', () => {
  const track = new TrackBuilder(START).park(600).drive(600).silence(3600, 20_000).drive(600).park(600);
  const { closed } = run(track.fixes);
  const [before, after] = trips(closed);
  assert.equal(trips(closed).length, 2);
  near(before.distanceM, 6000, 120, 'distance before the silence');
  near(after.distanceM, 6000, 120, 'distance after it');
  assert.ok(after.startedAt - before.endedAt >= 3600_000, 'nothing in between');
  const total = trips(closed).reduce((sum, t) => sum + t.drivingSeconds, 0);
  near(total, 1200, 30, 'driving time excludes the gap');
});

test('a device silent while parked: the stop runs through the silence', () => {
  const track = new TrackBuilder(START).park(600).drive(600).park(300).silence(7200).park(60).drive(600);
  const { closed } = run(track.fixes);
  const stop = stops(closed).at(-1);
  assert.ok(stop);
  near((stop.endedAt - stop.startedAt) / 1000, 7200 + 360, 30, 'stop across the silence');
});

test('flushSilent closes the trip of a device that stopped reporting, like a later fix would', () => {
  const track = new TrackBuilder(START).park(600).drive(600);
  const open = run(track.fixes);
  assert.equal(trips(open.closed).length, 0);
  const flushed = flushSilent(open.state, track.now + 3600_000, cfg);
  assert.equal(trips(flushed.closed).length, 1);
  const later = new TrackBuilder(track.now + 3600_000, -46.63, -22).drive(600).park(600);
  const direct = run([...track.fixes, ...later.fixes]).closed;
  const viaFlush = [...open.closed, ...flushed.closed, ...run(later.fixes, flushed.state).closed];
  assert.deepEqual(viaFlush, direct);
});

test('any split into batches, with the state through JSON, gives the same segments', () => {
  const track = new TrackBuilder(START)
    .park(600)
    .drive(900, 50)
    .park(120)
    .drive(300)
    .park(1800, true)
    .silence(4000)
    .park(60)
    .drive(1200, 70, true)
    .park(900);
  const whole = run(track.fixes).closed;
  for (const size of [1, 7, 50, 333]) {
    let state = initialState();
    const closed: Segment[] = [];
    for (let i = 0; i < track.fixes.length; i += size) {
      const out = run(track.fixes.slice(i, i + size), JSON.parse(JSON.stringify(state)));
      state = out.state;
      closed.push(...out.closed);
    }
    assert.deepEqual(closed, whole, `batches of ${size}`);
  }
});

test('re-segmenting from any segment start with a fresh state gives the same later segments', () => {
  const track = new TrackBuilder(START)
    .park(600)
    .drive(900, 50)
    .park(600, true)
    .drive(300)
    .silence(5000, 30_000)
    .park(400)
    .drive(1200, 70, true)
    .park(900);
  const whole = run(track.fixes).closed;
  assert.ok(whole.length >= 5);
  whole.forEach((seg, i) => {
    const from = track.fixes.filter((f) => f.t >= seg.startedAt);
    assert.deepEqual(run(from).closed, whole.slice(i), `from segment ${i} (${seg.kind})`);
  });
});

test('fixes at or before the last one are ignored (the caller re-segments for them)', () => {
  const track = new TrackBuilder(START).park(600).drive(600).park(600);
  const once = run(track.fixes);
  const again = run(track.fixes.slice(10, 40), once.state);
  assert.deepEqual(again.closed, []);
  assert.deepEqual(again.state, once.state);
});
