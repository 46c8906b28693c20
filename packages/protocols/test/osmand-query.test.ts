import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeOsmAnd } from '@pioneira/protocols';
import * as F from './fixtures/osmand';
import { json, NOW, one, refusal } from './osmand-helpers';

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

  test('oversized requests are refused; odd attribute names are kept as data', () => {
    const many = Array.from({ length: 101 }, (_, i) => `a${i}=1`).join('&');
    assert.equal(
      refusal(() => one(`/?id=1&lat=1&lon=2&${many}`)),
      'TOO_MANY_ATTRIBUTES',
    );
    assert.equal(
      refusal(() => one(`/?id=1&lat=1&lon=2&note=${'x'.repeat(2000)}`)),
      'INVALID_PAYLOAD',
    );
    assert.equal(
      refusal(() => one(`/?id=${'9'.repeat(200)}&lat=1&lon=2`)),
      'INVALID_DEVICE_ID',
    );
    const fixes = Array.from({ length: 1001 }, () => ({ coords: { latitude: 1, longitude: 2 } }));
    assert.equal(
      refusal(() => json(JSON.stringify({ device_id: '1', location: fixes }))),
      'TOO_MANY_POSITIONS',
    );
    const position = one('/?id=1&lat=1&lon=2&__proto__=x&constructor=y');
    assert.deepEqual(Object.entries(position.attributes), [
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    assert.equal(Object.getPrototypeOf(position.attributes), Object.prototype);
  });

  test('an absurd speed or altitude is dropped, the fix is kept', () => {
    const position = one('/?id=1&lat=1&lon=2&speed=99999&altitude=1e9');
    assert.equal(position.speedKmh, null);
    assert.equal(position.altitude, null);
    assert.equal(position.latitude, 1);
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
