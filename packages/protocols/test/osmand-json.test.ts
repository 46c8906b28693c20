import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeOsmAnd } from '@pioneira/protocols';
import * as F from './fixtures/osmand';
import { json, NOW, refusal } from './osmand-helpers';

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

test('a device secret sent in the request is never kept as an attribute (query, form, flat JSON, extras)', () => {
  const query = decodeOsmAnd({ query: { id: 'p1', lat: '1', lon: '2', secret: 'pds_x', note: 'a' } }, NOW);
  const form = decodeOsmAnd({ query: {}, body: 'id=p1&lat=1&lon=2&secret=pds_x&note=a' }, NOW);
  const flat = json('{"id":"p1","lat":1,"lon":2,"secret":"pds_x","note":"a"}');
  const extras = json(
    '{"device_id":"p1","location":{"timestamp":"2025-07-01T11:00:00Z","coords":{"latitude":1,"longitude":2},"extras":{"secret":"pds_x","note":"a"}}}',
  );
  for (const [position] of [query, form, flat, extras]) assert.deepEqual(position.attributes, { note: 'a' });
});
