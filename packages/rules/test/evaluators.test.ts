import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateDevice, initialDeviceState, isAllowed, localClock, ruleAttributes } from '../src';
import { at, run, SETTINGS, T0 } from './track';

const evaluate = (fixes: Parameters<typeof evaluateDevice>[1], settings = SETTINGS) =>
  evaluateDevice(initialDeviceState(), fixes, settings);
const rulesOf = (fixes: Parameters<typeof evaluateDevice>[1], settings = SETTINGS) =>
  evaluate(fixes, settings).episodes.map((e) => e.rule);
/** The episodes of one family of rules (constructed tracks jump in speed, which is harsh too). */
const only = (prefix: string, fixes: Parameters<typeof evaluateDevice>[1], settings = SETTINGS) =>
  evaluate(fixes, settings).episodes.filter((e) => e.rule.startsWith(prefix));
const onlyRules = (prefix: string, fixes: Parameters<typeof evaluateDevice>[1]) =>
  only(prefix, fixes).map((e) => e.rule);

describe('overspeed', () => {
  test('one episode per stretch above limit + tolerance, with its peak, start and end', () => {
    const fixes = [...run(0, 20, 1, 60), ...run(21, 40, 1, 95), at(30.5, 110), ...run(41, 60, 1, 60)];
    const episodes = only('overspeed', fixes);
    assert.equal(episodes.length, 1);
    const [e] = episodes;
    assert.equal(e.rule, 'overspeed');
    assert.equal(e.value, 110);
    assert.equal(e.peakSpeedKmh, 110);
    assert.equal(e.limit, 80);
    assert.equal(e.startedAt, T0 + 21_000);
    assert.equal(e.endedAt, T0 + 41_000);
  });

  test('borderline: exactly the minimum duration counts, a second less does not; tolerance is exclusive', () => {
    assert.deepEqual(onlyRules('overspeed', [at(0, 60), at(1, 100), at(11, 60)]), ['overspeed']);
    assert.deepEqual(onlyRules('overspeed', [at(0, 60), at(1, 100), at(10, 100), at(10.999, 60)]), []);
    assert.deepEqual(
      onlyRules('overspeed', [at(0, 60), ...run(1, 30, 1, 87), at(31, 60)]),
      [],
      '87 = 80 + 7 is within tolerance',
    );
    assert.deepEqual(onlyRules('overspeed', [at(0, 60), ...run(1, 30, 1, 87.1), at(31, 60)]), ['overspeed']);
  });

  test('a gap in the fixes ends the episode at the last fix above the limit', () => {
    const episodes = only('overspeed', [...run(0, 30, 1, 100), at(30 + 301, 100), at(30 + 302, 60)]);
    assert.equal(episodes.length, 1, 'the stretch after the gap lasted one second');
    assert.equal(episodes[0].endedAt, T0 + 30_000);
  });
});

describe('harsh driving', () => {
  test('braking from speed changes: consecutive harsh seconds are one episode at their peak', () => {
    // 72 → 36 km/h in 2 s (5 m/s²), then 36 → 18 in 1 s (5 m/s²), then steady.
    const fixes = [at(0, 72), at(1, 72), at(2, 54), at(3, 36), at(4, 18), at(5, 18), at(6, 18)];
    const { episodes } = evaluate(fixes);
    assert.deepEqual(
      episodes.map((e) => [e.rule, e.value, e.startedAt - T0, e.endedAt - T0]),
      [['harsh-braking', 5, 1000, 4000]],
    );
  });

  test('acceleration and cornering; nothing when fixes are too far apart', () => {
    assert.deepEqual(rulesOf([at(0, 10), at(1, 25), at(2, 25)]), ['harsh-acceleration']);
    // 90° in 2 s at 36 km/h: ω = 0.785 rad/s × 10 m/s = 7.85 m/s² lateral.
    assert.deepEqual(
      rulesOf([at(0, 36, { course: 0 }), at(2, 36, { course: 90 }), at(4, 36, { course: 90 })]),
      ['harsh-cornering'],
    );
    assert.deepEqual(
      onlyRules('harsh', [at(0, 70), at(10, 20), at(20, 20)]),
      [],
      '10 s apart: rate too low to tell',
    );
  });

  test("the device's own flags: one episode each, and then our estimate stands down", () => {
    const flag = ruleAttributes({ greenDrivingType: 2, greenDrivingValue: 45 }).deviceFlag;
    const { episodes } = evaluate([at(0, 80), at(1, 60, { deviceFlag: flag }), at(2, 20), at(3, 20)]);
    assert.deepEqual(
      episodes.map((e) => [e.rule, e.origin, e.value]),
      [['harsh-braking', 'device', 4.41]],
    );
    const alarm = ruleAttributes({ alarm: 'hardAcceleration' }).deviceFlag;
    assert.deepEqual(rulesOf([at(0, 20, { deviceFlag: alarm })]), ['harsh-acceleration']);
  });
});

describe('idling', () => {
  const idle = (seconds: number, ignition: boolean | null) => [
    at(0, 40, { ignition }),
    ...run(1, 1 + seconds, 1, 0, { ignition }),
    at(2 + seconds, 40, { ignition }),
  ];

  test('engine on and still for the threshold or longer is one episode with its duration', () => {
    const episodes = only('idling', idle(300, true));
    assert.deepEqual(
      episodes.map((e) => [e.rule, e.value, e.limit]),
      [['idling', 301, 300]],
    );
    assert.deepEqual(onlyRules('idling', idle(298, true)), []);
  });

  test('a device that reports no ignition never idles; ignition off is parked, not idling', () => {
    assert.deepEqual(onlyRules('idling', idle(900, null)), []);
    assert.deepEqual(onlyRules('idling', idle(900, false)), []);
  });
});

describe('after hours', () => {
  const weekdays = { ...SETTINGS, allowedHours: [{ days: [1, 2, 3, 4, 5], from: '06:00', to: '20:00' }] };

  test('allowed windows are local time in the company zone, including windows past midnight', () => {
    // T0 is Monday 09:00 in São Paulo (UTC−3).
    assert.equal(isAllowed(T0, weekdays), true);
    assert.equal(isAllowed(T0 + 11 * 3_600_000, weekdays), false, '20:00 local');
    assert.equal(isAllowed(T0 - 4 * 3_600_000, weekdays), false, '05:00 local');
    const night = { ...SETTINGS, allowedHours: [{ days: [0], from: '22:00', to: '04:00' }] };
    assert.equal(isAllowed(T0 - 7 * 3_600_000, night), true, 'Monday 02:00 belongs to Sunday night');
    assert.equal(isAllowed(T0, { ...SETTINGS, allowedHours: null }), true);
  });

  test('the local weekday and minute agree with Intl in zones with and without summer time', () => {
    const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    // Every 37 min over two weeks around each zone's changes (Lisbon in March, São Paulo's 2018
    // summer time in November), and instants before 1970: the clock is worked out from the offset.
    const starts = [Date.UTC(2026, 2, 22), Date.UTC(2018, 10, 1), Date.UTC(1969, 11, 25)];
    for (const timeZone of ['America/Sao_Paulo', 'Europe/Lisbon', 'America/Manaus', 'UTC'])
      for (const start of starts)
        for (let t = start; t < start + 14 * 86_400_000; t += 37 * 60_000 + 13_000) {
          const parts = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            weekday: 'short',
            hour: '2-digit',
            minute: '2-digit',
          }).formatToParts(new Date(t));
          const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
          const expected = {
            day: WEEKDAYS.indexOf(part('weekday')),
            minute: Number(part('hour')) * 60 + Number(part('minute')),
          };
          assert.deepEqual(localClock(t, timeZone), expected, `${timeZone} ${new Date(t).toISOString()}`);
        }
  });

  test('use outside the window is one episode; parked outside is not', () => {
    const evening = 11 * 3600; // 20:00 local
    const fixes = [
      at(evening - 60, 40),
      ...run(evening, evening + 600, 30, 40),
      ...run(evening + 630, evening + 900, 30, 0, { ignition: false }),
    ];
    const episodes = only('after-hours', fixes, weekdays);
    assert.deepEqual(
      episodes.map((e) => [e.rule, e.value, e.startedAt - T0]),
      [['after-hours', 630, evening * 1000]],
    );
  });
});

describe('the device state', () => {
  test('out-of-order fixes within a batch are sorted; older fixes after the fact are ignored', () => {
    const fixes = [at(0, 60), at(1, 100), at(11, 60)];
    assert.deepEqual(onlyRules('overspeed', [fixes[2], fixes[0], fixes[1]]), ['overspeed']);
    const first = evaluate([at(0, 60), at(1, 100), at(5, 100)]);
    const late = evaluateDevice(first.state, [at(3, 60), at(11, 60)], SETTINGS);
    assert.equal(late.evaluated, 1, 'the fix older than the newest seen is skipped');
    assert.deepEqual(
      late.episodes.map((e) => e.rule),
      ['overspeed'],
    );
  });

  test('a replay of the same fixes from the saved state yields nothing more; from scratch the same', () => {
    const fixes = [...run(0, 40, 1, 100), ...run(41, 60, 1, 50), ...run(61, 70, 1, 0)];
    const once = evaluate(fixes);
    assert.deepEqual(evaluateDevice(once.state, fixes, SETTINGS).episodes, []);
    const split = evaluateDevice(evaluate(fixes.slice(0, 25)).state, fixes.slice(25), SETTINGS);
    assert.deepEqual(
      split.episodes.map((e) => [e.rule, e.startedAt, e.endedAt, e.value]),
      once.episodes.map((e) => [e.rule, e.startedAt, e.endedAt, e.value]),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(once.state)), once.state, 'the state survives JSON');
  });

  test('fix by fix or all at once: the same episodes, segments and state (states are never shared and changed)', () => {
    const fixes = [
      ...run(0, 40, 1, 100, { ignition: true }),
      ...run(41, 44, 1, 20, { ignition: true }),
      ...run(45, 400, 1, 0, { ignition: true }),
      ...run(401, 460, 1, 60, { ignition: true }),
      at(461, 60, { deviceFlag: { kind: 'braking', valueMs2: 4.4 }, ignition: true }),
      ...run(462, 900, 2, 0, { ignition: false }),
    ];
    const whole = evaluate(fixes);
    let state = initialDeviceState();
    const episodes: typeof whole.episodes = [];
    const segments: typeof whole.segments = [];
    for (const fix of fixes) {
      const before = JSON.stringify(state);
      const step = evaluateDevice(state, [fix], SETTINGS);
      assert.equal(JSON.stringify(state), before, 'the state handed in is left as it was');
      episodes.push(...step.episodes);
      segments.push(...step.segments);
      state = step.state;
    }
    assert.ok(whole.episodes.length >= 3, 'the track has episodes of several rules');
    assert.deepEqual(episodes, whole.episodes);
    assert.deepEqual(segments, whole.segments);
    assert.deepEqual(state, whole.state);
  });

  test('the identified driver is kept until the ignition goes off and attributed from the start', () => {
    const fixes = [
      at(0, 60, { driverUniqueId: 'ABC', ignition: true }),
      ...run(1, 20, 1, 100, { ignition: true }),
      at(21, 60, { ignition: true }),
      at(22, 0, { ignition: false }),
    ];
    const result = evaluate(fixes);
    assert.equal(result.episodes[0].driverUniqueId, 'ABC');
    assert.equal(result.state.driverUniqueId, null);
  });

  test('driving segments: short stops stay inside, longer stops and gaps split', () => {
    const fixes = [
      ...run(0, 600, 10, 50),
      ...run(610, 660, 10, 0),
      ...run(670, 1200, 10, 50),
      ...run(1210, 1500, 10, 0),
    ];
    const { segments } = evaluate(fixes);
    assert.deepEqual(
      segments.map((s) => [s.startedAt, s.endedAt]),
      [[T0, T0 + 1_200_000]],
    );
    // at() moves 1e-6° of latitude a second: 1,200 s ≈ 133 m.
    assert.ok(Math.abs((segments[0].distanceM ?? 0) - 133) < 2, `${segments[0].distanceM} m`);
  });
});
