import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkContinuousDriving,
  checkDailyRest,
  checkDrivingTime,
  checkWorkday,
  type DrivingSegment,
  formatMinutes,
} from '../src';
import { SETTINGS } from './track';

const H = 3_600_000;
const M = 60_000;
/** Monday 2026-03-02 06:00 UTC. */
const DAY0 = Date.UTC(2026, 2, 2, 6);
const seg = (fromMinutes: number, toMinutes: number): DrivingSegment => ({
  startedAt: DAY0 + fromMinutes * M,
  endedAt: DAY0 + toMinutes * M,
});
/** Consecutive driving/stop periods in minutes from DAY0: [drive, stop, drive, stop, …]. */
const day = (...periods: number[]): DrivingSegment[] => {
  const segments: DrivingSegment[] = [];
  let t = 0;
  periods.forEach((minutes, i) => {
    if (i % 2 === 0) segments.push(seg(t, t + minutes));
    t += minutes;
  });
  return segments;
};
const passengers = { ...SETTINGS, continuousDrivingMaxMinutes: 240 };

describe('continuous driving (CTB art. 67-C, §1)', () => {
  test('6 h 12 min without a rest is one violation, with the measure in words', () => {
    const [v] = checkContinuousDriving(day(372), SETTINGS);
    assert.equal(v.rule, 'continuous-driving');
    assert.equal(v.text, 'dirigiu 6 h 12 min sem pausa; limite 5 h 30 min');
    assert.deepEqual(
      [v.startedAt, v.endedAt, v.measuredMinutes, v.limitMinutes],
      [DAY0, DAY0 + 372 * M, 372, 330],
    );
  });

  test('exactly 5 h 30 min is allowed; one minute more is not', () => {
    assert.deepEqual(checkContinuousDriving(day(330), SETTINGS), []);
    assert.equal(checkContinuousDriving(day(331), SETTINGS).length, 1);
  });

  test('a 30-min rest resets the count; so does a rest split in parts of at least 10 min', () => {
    assert.deepEqual(checkContinuousDriving(day(300, 30, 300), SETTINGS), []);
    assert.deepEqual(checkContinuousDriving(day(180, 15, 120, 15, 300), SETTINGS), []);
  });

  test('stops shorter than the fraction are not rest (and not driving either)', () => {
    const [v] = checkContinuousDriving(day(120, 9, 120, 9, 120, 9, 60), SETTINGS);
    assert.equal(v.measuredMinutes, 420);
    assert.equal(v.endedAt, DAY0 + (420 + 27) * M);
  });

  test('passengers: 4 h by default of that category', () => {
    assert.equal(checkContinuousDriving(day(241), passengers).length, 1);
    assert.deepEqual(checkContinuousDriving(day(240), passengers), []);
  });

  test('a driver changing vehicles mid-day: both vehicles count, overlaps counted once', () => {
    const truckA = [seg(0, 200)];
    const truckB = [seg(205, 400), seg(390, 410)];
    const [v] = checkContinuousDriving([...truckB, ...truckA], SETTINGS);
    assert.equal(v.measuredMinutes, 405, '200 + 205 minutes; the 5-min change of vehicle is neither');
  });
});

describe('daily rest (CTB art. 67-C, §3)', () => {
  test('11 h within the 24 h of a working day, the first period at least 8 h: no violation', () => {
    // 06:00–11:00, 1 h lunch, 12:00–17:00, rest until next 06:00 (13 h).
    assert.deepEqual(checkDailyRest([...day(300, 60, 300), seg(1440, 1500)], SETTINGS, DAY0 + 48 * H), []);
  });

  test('the rest may be split: 8 h + 3 h is enough, 7 h + 4 h is not (first period under 8 h)', () => {
    // drive 13 h with a 3 h break, then rest 8 h: 11 h rest.
    const split = [seg(0, 300), seg(480, 960), seg(1440, 1500)];
    assert.deepEqual(checkDailyRest(split, SETTINGS, DAY0 + 48 * H), []);
    const short = [seg(0, 360), seg(600, 1020), seg(1440, 1500)];
    const [v] = checkDailyRest(short, SETTINGS, DAY0 + 48 * H);
    assert.equal(v.rule, 'daily-rest');
    assert.equal(v.text, 'descansou 11 h em 24 h (maior período 7 h); mínimo 11 h, o primeiro de 8 h');
  });

  test('less than 11 h in 24 h, across midnight, is one violation from the start of the day', () => {
    // 20:00–10:00 next day with short stops only.
    const night = [seg(840, 1100), seg(1115, 1400), seg(1410, 1680)];
    const [v] = checkDailyRest(night, SETTINGS, DAY0 + 72 * H);
    assert.deepEqual([v.startedAt, v.endedAt], [DAY0 + 840 * M, DAY0 + 840 * M + 24 * H]);
    assert.ok(v.measuredMinutes < 660);
  });

  test('a day is judged only once its 24 h have passed', () => {
    const long = [seg(0, 780)];
    assert.deepEqual(checkDailyRest(long, SETTINGS, DAY0 + 20 * H), []);
    assert.deepEqual(checkDailyRest(long, SETTINGS, DAY0 + 24 * H), []);
    const allDay = [seg(0, 700), seg(720, 1400)];
    assert.equal(checkDailyRest(allDay, SETTINGS, DAY0 + 24 * H).length, 1);
  });
});

describe('working day (CLT art. 235-C)', () => {
  test('8 h + 2 h of overtime allowed; meal breaks of an hour or more are not working time', () => {
    assert.deepEqual(checkWorkday(day(300, 60, 300), SETTINGS), []);
    const [v] = checkWorkday(day(300, 30, 300), SETTINGS);
    assert.equal(v.text, 'jornada de 10 h 30 min; limite 10 h (8 h + 2 h de horas extras)');
  });

  test('a collective agreement allowing 4 h of overtime', () => {
    assert.deepEqual(checkWorkday(day(300, 30, 300), { ...SETTINGS, overtimeMinutes: 240 }), []);
  });

  test('a working day crossing midnight is one day', () => {
    const [v] = checkWorkday([seg(1200, 1500), seg(1510, 1900)], SETTINGS);
    assert.equal(v.measuredMinutes, 700);
  });
});

test('all checks together, and the duration words', () => {
  const rules = checkDrivingTime(day(400, 20, 300), SETTINGS, DAY0 + 48 * H).map((v) => v.rule);
  assert.deepEqual(rules.sort(), ['continuous-driving', 'workday']);
  assert.deepEqual(
    [formatMinutes(45), formatMinutes(480), formatMinutes(372)],
    ['45 min', '8 h', '6 h 12 min'],
  );
});
