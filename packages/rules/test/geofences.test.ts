import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluatePresence,
  GeofenceIndex,
  type GeofenceRecord,
  GeometryError,
  initialGeofenceState,
  type LonLat,
  type PresenceFix,
  parseShape,
} from '../src';

// Real places of São Paulo (WGS 84).
const SE: LonLat = [-46.6339, -23.5503]; // Praça da Sé
const MASP: LonLat = [-46.6559, -23.5614]; // Av. Paulista, 1578
const IBIRAPUERA_LAKE: LonLat = [-46.6576, -23.5874];
/** Parque Ibirapuera, roughly, counter-clockwise. */
const IBIRAPUERA: LonLat[] = [
  [-46.668, -23.587],
  [-46.66, -23.593],
  [-46.651, -23.592],
  [-46.652, -23.584],
  [-46.662, -23.581],
  [-46.668, -23.587],
];
/** Av. Paulista from Consolação to Paraíso. */
const PAULISTA: LonLat[] = [
  [-46.663, -23.555],
  [-46.644, -23.571],
];
const T0 = Date.UTC(2026, 2, 2, 12); // a Monday, 09:00 in São Paulo

let nextId = 1;
const record = (shape: GeofenceRecord['shape'], extra: Partial<GeofenceRecord> = {}): GeofenceRecord => ({
  id: String(nextId++),
  name: 'cerca',
  groupId: null,
  shape,
  speedLimitKmh: null,
  allowedHours: null,
  dwellMaxSeconds: null,
  hysteresisM: 20,
  ...extra,
});
const circle = (center: LonLat, radiusM: number, extra: Partial<GeofenceRecord> = {}) =>
  record({ kind: 'circle', center, radiusM }, extra);

/** The point `east` and `north` metres from `p`. */
const offset = ([lon, lat]: LonLat, east: number, north: number): LonLat => [
  lon + east / (111_320 * Math.cos((lat * Math.PI) / 180)),
  lat + north / 111_320,
];
const fixAt = (seconds: number, [lon, lat]: LonLat): PresenceFix => ({
  t: T0 + seconds * 1000,
  latitude: lat,
  longitude: lon,
});
const indexOf = (...records: GeofenceRecord[]) => {
  const index = new GeofenceIndex();
  index.load(records);
  return index;
};
const kinds = (facts: Array<{ type: string }>) => facts.map((f) => f.type);

describe('geofence shapes', () => {
  test('point in circle, polygon and corridor on real São Paulo places', () => {
    const index = indexOf(
      circle(SE, 200),
      record(parseShape({ type: 'Polygon', coordinates: [IBIRAPUERA] })),
      record(parseShape({ type: 'LineString', coordinates: PAULISTA }, { widthM: 200 })),
    );
    const [sé, park, paulista] = ['1', '2', '3'].map((id) => index.get(String(Number(id) + nextId - 4)));
    assert.ok(sé && park && paulista);
    assert.ok(sé.signedDistance(SE[1], SE[0]) < 0, 'the square is inside its circle');
    assert.ok(sé.signedDistance(MASP[1], MASP[0]) > 2000, 'MASP is kilometres from the Sé');
    assert.ok(park.signedDistance(IBIRAPUERA_LAKE[1], IBIRAPUERA_LAKE[0]) < 0, 'the lake is in the park');
    assert.ok(park.signedDistance(MASP[1], MASP[0]) > 0);
    assert.ok(paulista.signedDistance(MASP[1], MASP[0]) < 0, 'MASP is on Av. Paulista');
    assert.ok(paulista.signedDistance(SE[1], SE[0]) > 0);
    const edge = offset(SE, 190, 0);
    assert.ok(
      Math.abs(sé.signedDistance(edge[1], edge[0]) + 10) < 0.5,
      '190 m from the centre is 10 m inside',
    );
    assert.deepEqual(
      index.near(IBIRAPUERA_LAKE[1], IBIRAPUERA_LAKE[0]).map((g) => g.id),
      [park.id],
    );
  });

  test('bad geometry is refused with a message that says what is wrong', () => {
    const refused = (geometry: object, metres = {}) => {
      try {
        parseShape(geometry, metres);
      } catch (error) {
        assert.ok(error instanceof GeometryError);
        return error.message;
      }
      assert.fail(`accepted ${JSON.stringify(geometry)}`);
    };
    const bowtie: LonLat[] = [SE, offset(SE, 100, 100), offset(SE, 100, 0), offset(SE, 0, 100), SE];
    assert.match(refused({ type: 'Polygon', coordinates: [bowtie] }), /intersects itself/);
    assert.match(refused({ type: 'Polygon', coordinates: [[...IBIRAPUERA].reverse()] }), /clockwise/);
    assert.match(refused({ type: 'Polygon', coordinates: [IBIRAPUERA.slice(0, -1)] }), /not closed/);
    assert.match(refused({ type: 'Point', coordinates: [-23.55, -146.63] }, { radiusM: 10 }), /out of range/);
    assert.match(refused({ type: 'Point', coordinates: SE }, { radiusM: 0 }), /greater than 0/);
    assert.match(refused({ type: 'LineString', coordinates: PAULISTA }, { widthM: -5 }), /greater than 0/);
    const many = Array.from(
      { length: 2500 },
      (_, i): LonLat => offset(SE, Math.cos(i) * 100, Math.sin(i) * 100),
    );
    assert.match(refused({ type: 'Polygon', coordinates: [[...many, many[0]]] }), /at most 2000/);
    assert.match(
      refused({ type: 'MultiPoint', coordinates: [SE] }),
      /Point \(circle\), Polygon or LineString/,
    );
    assert.match(refused({ type: 'Polygon', coordinates: [[SE, MASP, SE]] }), /at least 4 positions/);
  });
});

describe('presence', () => {
  test('a fast vehicle crossing a small circle between two fixes enters and exits', () => {
    const small = circle(SE, 50);
    // 1 km in 20 s (180 km/h), straight through the square, no fix inside.
    const fixes = [fixAt(0, offset(SE, -500, 10)), fixAt(20, offset(SE, 500, 10))];
    const { facts } = evaluatePresence(initialGeofenceState(), fixes, indexOf(small));
    assert.deepEqual(kinds(facts), ['enter', 'exit']);
    const [enter, exit] = facts;
    assert.ok(
      enter.t > T0 + 8000 && exit.t < T0 + 12_000 && enter.t < exit.t,
      'times interpolated on the line',
    );
    assert.equal(exit.enteredAt, enter.t);
    // Passing beside it, 80 m off the centre, is no visit.
    const beside = [fixAt(0, offset(SE, -500, 80)), fixAt(20, offset(SE, 500, 80))];
    assert.deepEqual(evaluatePresence(initialGeofenceState(), beside, indexOf(small)).facts, []);
  });

  test('GPS jitter on the border makes no storm: one visit from driving in to driving out', () => {
    const depot = circle(SE, 200);
    const fixes: PresenceFix[] = [];
    let s = 0;
    const next = () => {
      s += 10;
      return s;
    };
    // Parked on the border outside, wandering ±8 m across it for 10 minutes.
    for (let i = 0; i < 60; i++) fixes.push(fixAt(next(), offset(SE, 200 + (i % 2 ? 8 : -8), 0)));
    fixes.push(fixAt(next(), offset(SE, 100, 0)));
    // Inside now, parked on the border again, 10 minutes of jitter.
    for (let i = 0; i < 60; i++) fixes.push(fixAt(next(), offset(SE, 0, 200 + (i % 2 ? 8 : -8))));
    fixes.push(fixAt(next(), offset(SE, 0, 600)));
    const { facts } = evaluatePresence(initialGeofenceState(), fixes, indexOf(depot));
    assert.deepEqual(kinds(facts), ['enter', 'exit']);
    assert.equal(facts[0].t, T0 + 610_000);
  });

  test('staying just inside for the confirmation time enters, at the first fix inside', () => {
    const depot = circle(SE, 200);
    const fixes = [0, 10, 20, 30, 40].map((t) => fixAt(t, offset(SE, 195, 0)));
    const { facts } = evaluatePresence(initialGeofenceState(), fixes, indexOf(depot));
    assert.deepEqual(kinds(facts), ['enter']);
    assert.equal(facts[0].t, T0);
  });

  test('out-of-order fixes give what ordered fixes give; older ones after a newer batch change nothing', () => {
    const park = record(parseShape({ type: 'Polygon', coordinates: [IBIRAPUERA] }), { dwellMaxSeconds: 60 });
    const track = [MASP, offset(IBIRAPUERA_LAKE, 0, 0), IBIRAPUERA_LAKE, IBIRAPUERA_LAKE, SE].map((p, i) =>
      fixAt(i * 60, p),
    );
    const index = indexOf(park);
    const ordered = evaluatePresence(initialGeofenceState(), track, index);
    assert.deepEqual(kinds(ordered.facts), ['enter', 'dwell', 'exit']);
    const shuffled = evaluatePresence(
      initialGeofenceState(),
      [track[3], track[0], track[4], track[1], track[2]],
      index,
    );
    assert.deepEqual(shuffled.facts, ordered.facts);
    const first = evaluatePresence(initialGeofenceState(), [track[0], track[1], track[4]], index);
    const late = evaluatePresence(first.state, [track[2], track[3]], index);
    assert.equal(late.evaluated, 0);
    assert.deepEqual(late.facts, []);
  });

  test('a replay from the saved state yields nothing, and the input state is left as it was', () => {
    const index = indexOf(circle(SE, 200, { dwellMaxSeconds: 120 }));
    const fixes = [0, 60, 120, 180, 240].map((t) => fixAt(t, SE));
    const once = evaluatePresence(initialGeofenceState(), fixes, index);
    assert.deepEqual(kinds(once.facts), ['enter', 'dwell']);
    const snapshot = JSON.stringify(once.state);
    assert.deepEqual(evaluatePresence(once.state, fixes, index).facts, []);
    assert.equal(JSON.stringify(once.state), snapshot);
  });

  test('entering outside the allowed hours is a fact of its own', () => {
    const yard = circle(SE, 200, { allowedHours: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '18:00' }] });
    const night = Date.UTC(2026, 2, 2, 23, 30) - T0; // 20:30 in São Paulo
    const fixes = [fixAt(night / 1000, MASP), fixAt(night / 1000 + 60, SE)];
    assert.deepEqual(kinds(evaluatePresence(initialGeofenceState(), fixes, indexOf(yard)).facts), [
      'enter',
      'outside-hours',
    ]);
    const day = [fixAt(0, MASP), fixAt(60, SE)];
    assert.deepEqual(kinds(evaluatePresence(initialGeofenceState(), day, indexOf(yard)).facts), ['enter']);
  });

  test('the index finds the few of 1,000 geofences near a fix, and follows changes', () => {
    const records = Array.from({ length: 1000 }, (_, i) =>
      circle(offset(SE, (i % 40) * 1000, Math.floor(i / 40) * 1000), 150),
    );
    const index = indexOf(...records);
    assert.deepEqual(
      index.near(SE[1], SE[0]).map((g) => g.id),
      [records[0].id],
    );
    index.remove(records[0].id);
    assert.deepEqual(index.near(SE[1], SE[0]), []);
    index.put({ ...records[0], speedLimitKmh: 30 });
    assert.equal(index.speedLimitAt(SE[1], SE[0]), 30);
    assert.equal(index.size, 1000);
  });
});

describe('geofence speed limits', () => {
  test('a lower limit inside a geofence feeds the overspeed rule; outside the settings apply', async () => {
    const { evaluateDevice, initialDeviceState } = await import('../src');
    const { SETTINGS, at } = await import('./track');
    const school = circle(SE, 300, { speedLimitKmh: 30 });
    const index = indexOf(school);
    const inZone = (seconds: number, speed: number, where: LonLat) => {
      const f = at(seconds, speed, { latitude: where[1], longitude: where[0] });
      return { ...f, zoneSpeedLimitKmh: index.speedLimitAt(f.latitude, f.longitude) };
    };
    // 50 km/h for 20 s beside the school zone, then 50 km/h for 20 s in it.
    const fixes = [
      ...Array.from({ length: 21 }, (_, i) => inZone(i, 50, MASP)),
      ...Array.from({ length: 21 }, (_, i) => inZone(30 + i, 50, SE)),
      inZone(60, 20, SE),
    ];
    const episodes = evaluateDevice(initialDeviceState(), fixes, SETTINGS).episodes.filter(
      (e) => e.rule === 'overspeed',
    );
    assert.equal(episodes.length, 1);
    assert.deepEqual([episodes[0].limit, episodes[0].startedAt - T0], [30, 30_000]);
  });
});
