import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bounds, buildFleet, saoPauloGrid } from '@pioneira/fleet-sim';

const city = saoPauloGrid();
const box = bounds(city);
const EPS = 1e-9;

/** Samples every device once per simulated second for `seconds`. */
function drive(seed: number, devices: number, seconds: number) {
  const fleet = buildFleet({ devices, seed });
  return fleet.map((device) =>
    Array.from({ length: seconds }, () => {
      device.vehicle.advance(1);
      return device.vehicle.state;
    }),
  );
}

const onLine = (value: number, origin: number, step: number) => {
  const k = (value - origin) / step;
  return Math.abs(k - Math.round(k)) * step < EPS;
};

describe('vehicles on the São Paulo grid', () => {
  const tracks = drive(42, 30, 3600);
  const all = tracks.flat();

  test('the grid is centred on São Paulo (Sé)', () => {
    assert.ok(Math.abs((box.north + box.south) / 2 - -23.55) < 1e-6);
    assert.ok(Math.abs((box.east + box.west) / 2 - -46.63) < 1e-6);
    assert.ok(box.north - box.south > 0.05 && box.north - box.south < 0.1);
  });

  test('every position is inside the box and on a street of the grid', () => {
    for (const s of all) {
      assert.ok(s.latitude >= box.south - EPS && s.latitude <= box.north + EPS, `lat ${s.latitude}`);
      assert.ok(s.longitude >= box.west - EPS && s.longitude <= box.east + EPS, `lon ${s.longitude}`);
      const onStreet =
        onLine(s.latitude, city.south, city.latStep) || onLine(s.longitude, city.west, city.lonStep);
      assert.ok(onStreet, `(${s.latitude}, ${s.longitude}) is between streets`);
    }
  });

  test('vehicles move along their course: north/south changes latitude, east/west longitude', () => {
    for (const track of tracks) {
      for (let i = 1; i < track.length; i++) {
        const [a, b] = [track[i - 1], track[i]] as const;
        if (a.course !== b.course) continue; // a turn at the intersection
        const north = b.latitude - a.latitude;
        const east = b.longitude - a.longitude;
        if (a.course === 0) assert.ok(north >= -EPS && Math.abs(east) < EPS);
        if (a.course === 180) assert.ok(north <= EPS && Math.abs(east) < EPS);
        if (a.course === 90) assert.ok(east >= -EPS && Math.abs(north) < EPS);
        if (a.course === 270) assert.ok(east <= EPS && Math.abs(north) < EPS);
      }
    }
  });

  test('speeds stay within 0–90 km/h and change like a real vehicle, second to second', () => {
    for (const track of tracks) {
      for (let i = 1; i < track.length; i++) {
        const [a, b] = [track[i - 1], track[i]] as const;
        assert.ok(b.speedKmh >= 0 && b.speedKmh <= 90, `speed ${b.speedKmh}`);
        const change = b.speedKmh - a.speedKmh;
        assert.ok(change <= 2 * 3.6 + 0.1 && change >= -3 * 3.6 - 0.1, `jump of ${change} km/h in 1 s`);
        const metres = b.odometerMetres - a.odometerMetres;
        assert.ok(metres <= 90 / 3.6 + 1, `${metres} m in one second`);
      }
    }
  });

  test('the fleet stops (red lights, parked deliveries) and some drivers speed on avenues', () => {
    const share = (pick: (s: (typeof all)[number]) => boolean) => all.filter(pick).length / all.length;
    const stopped = share((s) => s.speedKmh === 0);
    const parked = share((s) => !s.ignition);
    const speeding = share((s) => s.speedKmh > 80);
    assert.ok(stopped > 0.05 && stopped < 0.6, `stopped ${stopped}`);
    assert.ok(parked > 0 && parked < stopped, `parked ${parked}`);
    assert.ok(speeding > 0 && speeding < 0.1, `speeding ${speeding}`);
    for (const s of all) if (!s.ignition) assert.equal(s.speedKmh, 0);
    const hourKm = tracks.map((t) => (t.at(-1)?.odometerMetres ?? 0) / 1000);
    for (const km of hourKm) assert.ok(km > 5 && km < 60, `${km} km in an hour of city driving`);
  });
});

describe('determinism', () => {
  test('the same seed gives the same fleet and the same routes; another seed does not', () => {
    const a = buildFleet({ devices: 12, seed: 7 });
    const b = buildFleet({ devices: 12, seed: 7 });
    const c = buildFleet({ devices: 12, seed: 8 });
    assert.deepEqual(
      a.map((d) => [d.identifier, d.name, d.protocol]),
      b.map((d) => [d.identifier, d.name, d.protocol]),
    );
    assert.notDeepEqual(
      a.map((d) => d.identifier),
      c.map((d) => d.identifier),
    );
    for (const fleet of [a, b]) for (const d of fleet) d.vehicle.advance(1800);
    assert.deepEqual(
      a.map((d) => d.vehicle.state),
      b.map((d) => d.vehicle.state),
    );
  });

  test('identifiers look like their protocol: IMEI (Luhn), Mercosul plate, UUID; all distinct', () => {
    const fleet = buildFleet({ devices: 300, seed: 3 });
    assert.equal(new Set(fleet.map((d) => d.identifier)).size, 300);
    const by = (p: string) => fleet.filter((d) => d.protocol === p);
    for (const protocol of ['osmand', 'json', 'teltonika']) {
      const n = by(protocol).length;
      assert.ok(n > 60 && n < 150, `${n} ${protocol} devices of 300`);
    }
    for (const d of by('teltonika')) {
      assert.match(d.identifier, /^\d{15}$/);
      assert.ok(luhnValid(d.identifier), `${d.identifier} fails the Luhn check`);
    }
    for (const d of by('osmand')) assert.match(d.identifier, /^[A-Z]{3}\d[A-Z]\d{2}$/);
    for (const d of by('json'))
      assert.match(d.identifier, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
