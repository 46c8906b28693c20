import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DecodedPosition, DecodeError, decodeOsmAnd } from '@pioneira/protocols';
import * as F from './fixtures/osmand';

const NOW = new Date('2025-07-01T12:00:00Z');

/** Query values as Fastify hands them over: decoded, repeated keys as arrays. */
function queryOf(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(url.split('?')[1] ?? '')) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

function one(url: string): DecodedPosition {
  const positions = decodeOsmAnd({ query: queryOf(url) }, NOW);
  assert.equal(positions.length, 1);
  return positions[0];
}

function json(body: string): DecodedPosition[] {
  return decodeOsmAnd(
    { query: {}, body: Buffer.from(body), contentType: 'application/json; charset=utf-8' },
    NOW,
  );
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DecodeError, `expected a DecodeError, got ${error}`);
    assert.ok(error.message.length > 10);
    return error.code;
  }
  assert.fail('expected a DecodeError');
}

describe('OsmAnd query string (Traccar Client, Traccar tests)', () => {
  test('basic request: seconds timestamp, knots, bearing, hdop', () => {
    assert.deepEqual(one(F.URL_BASIC), {
      deviceIdentifier: '123456',
      fixedAt: new Date('2013-08-22T13:14:27Z'),
      latitude: 60,
      longitude: 30,
      speedKmh: 0,
      course: 0,
      altitude: 0,
      accuracy: null,
      attributes: { hdop: 0 },
    });
  });

  test('ISO-8601, millisecond and "yyyy-MM-dd HH:mm:ss" (UTC) timestamps', () => {
    const iso = one(F.URL_ISO_TIME);
    assert.deepEqual(iso.fixedAt, new Date('2016-01-27T18:55:47Z'));
    assert.equal(iso.latitude, 42.06288);
    assert.equal(iso.longitude, -88.23412);
    assert.equal(iso.altitude, 224);
    assert.equal(iso.attributes.hdop, 6);
    assert.deepEqual(one(F.URL_MS_TIME).fixedAt, new Date('2015-09-12T14:38:06.579Z'));
    const spaced = one(F.URL_SPACED_TIME);
    assert.deepEqual(spaced.fixedAt, new Date('2014-06-04T09:10:11Z'));
    assert.equal(spaced.deviceIdentifier, '353861053849681');
    assert.equal(spaced.altitude, 384.7);
  });

  test('without a timestamp the fix is now; deviceid and heading are understood', () => {
    const position = one(F.URL_DEVICEID_NO_TIME);
    assert.equal(position.deviceIdentifier, '123456');
    assert.deepEqual(position.fixedAt, NOW);
    assert.equal(position.course, 0);
    assert.deepEqual(position.attributes, { vacc: 0, hacc: 0 });
  });

  test('short request, location=lat,lon and battery', () => {
    assert.equal(one(F.URL_SHORT).speedKmh, null);
    const located = one(F.URL_LOCATION);
    assert.equal(located.latitude, 60);
    assert.equal(located.longitude, 30);
    const battery = one(F.URL_BATTERY);
    assert.equal(battery.attributes.batteryLevel, 87);
    assert.equal(battery.altitude, 350.059479);
  });

  test('speed in knots becomes km/h and unknown parameters become typed attributes', () => {
    const position = one(F.URL_CUSTOM_ATTRIBUTES);
    assert.deepEqual(position.fixedAt, new Date('2017-09-07T05:56:50Z'));
    assert.ok(Math.abs((position.speedKmh ?? 0) - 74.08) < 1e-9);
    assert.equal(position.course, 7.19889788244);
    assert.deepEqual(position.attributes, { ignition: true, rpm: 933, fuel: 24 });
  });

  test('identifier-like digits keep their exact text', () => {
    const position = one('/?id=1&lat=1&lon=1&rfid=0012345678&serial=123456789012345678901');
    assert.equal(position.attributes.rfid, '0012345678');
    assert.equal(position.attributes.serial, '123456789012345678901');
  });

  test('cells and Wi-Fi without coordinates are refused: we have no last known position', () => {
    assert.equal(
      refusal(() => one(F.URL_CELLS_ONLY)),
      'MISSING_POSITION',
    );
  });

  test('missing id, bad numbers, impossible coordinates and times are refused', () => {
    assert.equal(
      refusal(() => one(F.URL_NO_ID)),
      'MISSING_DEVICE_ID',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=91&lon=30')),
      'INVALID_COORDINATES',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=10&lon=-180.5')),
      'INVALID_COORDINATES',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=abc&lon=30')),
      'INVALID_NUMBER',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=0x10&lon=30')),
      'INVALID_NUMBER',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=1&lon=2&speed=fast')),
      'INVALID_NUMBER',
    );
    assert.equal(
      refusal(() => one('/?id=1&location=1;2')),
      'INVALID_NUMBER',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=1&lon=2&timestamp=yesterday')),
      'INVALID_TIMESTAMP',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=1&lon=2&timestamp=2024-02-30+10:00:00')),
      'INVALID_TIMESTAMP',
    );
    assert.equal(
      refusal(() => one('/?id=1&lat=1&lon=2&timestamp=99999999999999999')),
      'INVALID_TIMESTAMP',
    );
  });

  test('negative speed and bearing mean "unknown", not a refusal', () => {
    const position = one('/?id=1&lat=1&lon=2&speed=-1&bearing=-1&accuracy=-1');
    assert.equal(position.speedKmh, null);
    assert.equal(position.course, null);
    assert.equal(position.accuracy, null);
  });
});

describe('OsmAnd form body (client SDK)', () => {
  test('an empty query reads the form body', () => {
    const [position] = decodeOsmAnd(
      { query: {}, body: F.FORM_SDK, contentType: 'application/x-www-form-urlencoded' },
      NOW,
    );
    assert.equal(position.deviceIdentifier, 'phone-2');
    assert.deepEqual(position.fixedAt, new Date(1750000000 * 1000));
    assert.equal(position.latitude, -30.034647);
    assert.ok(Math.abs((position.speedKmh ?? 0) - 5.4 * 1.852) < 1e-9);
    assert.equal(position.course, 45);
    assert.equal(position.accuracy, 8);
    assert.deepEqual(position.attributes, { batteryLevel: 80, charge: false, battery_health: 'good' });
  });

  test('an empty request is refused for its missing id', () => {
    assert.equal(
      refusal(() => decodeOsmAnd({ query: {} }, NOW)),
      'MISSING_DEVICE_ID',
    );
  });
});

describe('OsmAnd JSON (Traccar Client 9 / Transistorsoft, client SDK arrays)', () => {
  test('the Traccar Client 9 request of our reference', () => {
    assert.deepEqual(json(F.JSON_CLIENT_9), [
      {
        deviceIdentifier: '48241179',
        fixedAt: new Date('2025-06-15T13:45:12.862Z'),
        latitude: 37.4219983,
        longitude: -122.084,
        speedKmh: 0,
        course: null,
        altitude: 5,
        accuracy: 5,
        attributes: {
          batteryLevel: 100,
          charge: false,
          motion: false,
          odometer: 0,
          event: 'motionchange',
          activity: 'still',
        },
      },
    ]);
  });

  test('extras are copied as attributes with their JSON types', () => {
    const [position] = json(F.JSON_EXTRAS);
    assert.equal(position.attributes.device_string_test, 'long_device_id');
    assert.equal(position.attributes.device_bool_test, true);
    assert.equal(position.attributes.device_bool_false_test, false);
    assert.equal(position.attributes.device_integer_test, 1);
    assert.equal(position.attributes.device_very_long_double_test, 1763636.3442);
  });

  test('iOS "unknown" values (-1) are dropped and mock is kept', () => {
    const [position] = json(F.JSON_IOS_SIMULATOR);
    assert.equal(position.deviceIdentifier, '658765');
    assert.deepEqual(position.fixedAt, new Date('2025-05-09T04:11:30.579Z'));
    assert.equal(position.speedKmh, null);
    assert.equal(position.course, null);
    assert.equal(position.attributes.batteryLevel, undefined);
    assert.equal(position.attributes.mock, true);
    assert.equal(position.attributes.activity, 'unknown');
  });

  test('coords.speed in m/s becomes km/h', () => {
    const [position] = json(F.JSON_MOVING);
    assert.equal(position.latitude, -6.1148096);
    assert.ok(Math.abs((position.speedKmh ?? 0) - 67.212) < 1e-9);
    assert.equal(position.course, 63);
    assert.equal(position.altitude, 35.7);
    assert.equal(position.accuracy, 3.8);
    assert.equal(position.attributes.batteryLevel, 79);
  });

  test('location as an array gives one position per fix', () => {
    const positions = json(F.JSON_LOCATION_ARRAY);
    assert.deepEqual(
      positions.map((p) => [p.deviceIdentifier, p.fixedAt.toISOString(), p.speedKmh, p.course]),
      [
        ['truck-7', '2025-06-15T13:45:00.000Z', 36, 90],
        ['truck-7', '2025-06-15T13:45:30.000Z', 45, 95],
      ],
    );
  });

  test('a flat array (client SDK uploadJson) gives one position per object, speed in knots', () => {
    const [first, second] = json(F.JSON_SDK_ARRAY);
    assert.equal(first.deviceIdentifier, 'phone-1');
    assert.deepEqual(first.fixedAt, new Date(1750000000 * 1000));
    assert.ok(Math.abs((first.speedKmh ?? 0) - 10.8 * 1.852) < 1e-9);
    assert.deepEqual(first.attributes, { batteryLevel: 55, charge: true });
    assert.equal(second.accuracy, 12.5);
    assert.deepEqual(second.attributes, { battery_temp: 31.5 });
  });

  test('the device id may come from the query string of a JSON POST', () => {
    const body = JSON.stringify({ location: { coords: { latitude: 1, longitude: 2 } } });
    const [position] = decodeOsmAnd(
      { query: { id: 'from-query' }, body, contentType: 'application/json' },
      NOW,
    );
    assert.equal(position.deviceIdentifier, 'from-query');
    assert.deepEqual(position.fixedAt, NOW);
  });

  test('broken JSON, missing coords, missing id and non-objects are refused', () => {
    assert.equal(
      refusal(() => json('{"location":')),
      'INVALID_JSON',
    );
    assert.equal(
      refusal(() => json('{"device_id":"1","location":{"timestamp":"2025-01-01T00:00:00Z"}}')),
      'MISSING_POSITION',
    );
    assert.equal(
      refusal(() => json('{"location":{"coords":{"latitude":1,"longitude":2}}}')),
      'MISSING_DEVICE_ID',
    );
    assert.equal(
      refusal(() => json('[1,2]')),
      'INVALID_PAYLOAD',
    );
    assert.equal(
      refusal(() => json('[]')),
      'MISSING_POSITION',
    );
    assert.equal(
      refusal(() => json('"text"')),
      'INVALID_PAYLOAD',
    );
    assert.equal(
      refusal(() => json('{"device_id":"1","location":{"coords":{"latitude":"north","longitude":2}}}')),
      'INVALID_NUMBER',
    );
  });
});
