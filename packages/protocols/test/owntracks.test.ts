import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DecodeError, decodeOwnTracks, parseOwnTracksTopic } from '@pioneira/protocols';
import * as F from './fixtures/owntracks';

const ME = { user: 'maria', device: 'pixel' };

function refusal(payload: unknown): string {
  try {
    decodeOwnTracks(payload, ME);
  } catch (error) {
    assert.ok(error instanceof DecodeError, `expected a DecodeError, got ${error}`);
    return error.code;
  }
  assert.fail('expected a DecodeError');
}

describe('OwnTracks topics', () => {
  test('owntracks/<user>/<device> gives the identity; other topics give null', () => {
    assert.deepEqual(parseOwnTracksTopic('owntracks/maria/pixel'), ME);
    assert.equal(parseOwnTracksTopic('owntracks/maria/pixel/event'), null);
    assert.equal(parseOwnTracksTopic('owntracks/maria/pixel/cmd'), null);
    assert.equal(parseOwnTracksTopic('owntracks//pixel'), null);
    assert.equal(parseOwnTracksTopic('other/maria/pixel'), null);
  });
});

describe('OwnTracks locations (Traccar captures)', () => {
  test('Android over Wi-Fi: time, place, accuracy and the small fields as attributes', () => {
    assert.deepEqual(decodeOwnTracks(F.ANDROID_WIFI, ME), {
      deviceIdentifier: 'maria/pixel',
      fixedAt: new Date('2019-03-06T12:21:18Z'),
      latitude: 46.0681247,
      longitude: 11.1512805,
      speedKmh: 0,
      course: null,
      altitude: 440,
      accuracy: 15,
      attributes: { batteryLevel: 46, conn: 'w', t: 'u', tid: '5t', vac: 2 },
    });
  });

  test('vel is already km/h and cog is the course', () => {
    const position = decodeOwnTracks(JSON.parse(F.IOS_MOVING), ME);
    assert.ok(position);
    assert.equal(position.speedKmh, 61);
    assert.equal(position.course, 271);
    assert.equal(position.altitude, 167);
    assert.equal(position.accuracy, 5);
    assert.deepEqual(position.fixedAt, new Date('2017-06-13T10:21:56Z'));
    assert.equal(position.attributes.batteryLevel, 67);
  });

  test('omitted fields (sent only when non-zero) come out as null', () => {
    const position = decodeOwnTracks(Buffer.from(F.MINIMAL), ME);
    assert.deepEqual(
      [position?.latitude, position?.longitude, position?.speedKmh, position?.altitude, position?.accuracy],
      [48.85833, 2.29513, null, null, null],
    );
    assert.deepEqual(decodeOwnTracks(F.SHORT, ME)?.fixedAt, new Date('2017-06-14T21:40:56Z'));
  });

  test('HTTP payloads and the qtripp bridge keep their extra fields, not the topic', () => {
    const http = decodeOwnTracks(F.HTTP_WITH_TOPIC, ME);
    assert.deepEqual(http?.fixedAt, new Date('2025-01-06T10:59:29Z'));
    assert.equal(http?.attributes.created_at, 1736161415);
    assert.equal(http?.attributes.topic, undefined);
    const qtripp = decodeOwnTracks(F.QTRIPP, { user: 'qtripp', device: '865284041968706' });
    assert.equal(qtripp?.deviceIdentifier, 'qtripp/865284041968706');
    assert.equal(qtripp?.course, 113);
    assert.equal(qtripp?.altitude, 1113);
    assert.equal(qtripp?.attributes.don, 105);
    assert.equal(qtripp?.attributes.lac, '4F4D');
  });
});

describe('OwnTracks non-locations and bad payloads', () => {
  test('lwt and transition are valid but carry no position', () => {
    assert.equal(decodeOwnTracks(F.LWT, ME), null);
    assert.equal(decodeOwnTracks(F.TRANSITION, ME), null);
    assert.equal(decodeOwnTracks({ _type: 'card', name: 'Maria' }, ME), null);
  });

  test('malformed messages are refused', () => {
    assert.equal(refusal('{"_type":"location"'), 'INVALID_JSON');
    assert.equal(refusal([1]), 'INVALID_PAYLOAD');
    assert.equal(refusal({ lat: 1, lon: 2, tst: 1 }), 'INVALID_PAYLOAD');
    assert.equal(refusal({ _type: 'location', lat: 1, tst: 1497349316 }), 'MISSING_POSITION');
    assert.equal(refusal({ _type: 'location', lat: 1, lon: 2 }), 'INVALID_TIMESTAMP');
    assert.equal(refusal({ _type: 'location', lat: 100, lon: 2, tst: 1497349316 }), 'INVALID_COORDINATES');
    assert.equal(refusal({ _type: 'location', lat: 'x', lon: 2, tst: 1497349316 }), 'INVALID_NUMBER');
    assert.equal(refusal({ _type: 'location', lat: 1, lon: 2, tst: -5 }), 'INVALID_TIMESTAMP');
  });
});
