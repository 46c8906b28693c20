import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildFleet, type Fix, jsonBatchBody, osmandQuery, teltonikaRecord } from '@pioneira/fleet-sim';
import {
  crc16Ibm,
  decodeOsmAnd,
  encodeTeltonikaCodec8,
  encodeTeltonikaImei,
  TeltonikaSession,
} from '@pioneira/protocols';

/** Fixes as the fleet reports them: negative (southern, western) coordinates, stops and speeding. */
function sampleFixes(count: number): Fix[] {
  const [device] = buildFleet({ devices: 1, seed: 11 });
  if (!device) throw new Error('no device');
  const start = Date.UTC(2025, 4, 12, 11, 0, 0);
  return Array.from({ length: count }, (_, i) => {
    device.vehicle.advance(7);
    const s = device.vehicle.state;
    return { ...s, fixedAt: new Date(start + i * 7000), batteryLevel: 80 - (i % 50) };
  });
}

const fixes = sampleFixes(400);

describe('wire output decodes back to the same positions', () => {
  test('the fixes cover stops, city speeds and the south-west hemisphere', () => {
    assert.ok(fixes.some((f) => f.speedKmh === 0));
    assert.ok(fixes.some((f) => f.speedKmh > 30));
    assert.ok(fixes.every((f) => f.latitude < -23 && f.longitude < -46));
  });

  test('OsmAnd: speed travels in knots and comes back in km/h; time in whole seconds', () => {
    const now = new Date(Date.UTC(2025, 4, 13));
    for (const fix of fixes) {
      const params = osmandQuery('FSP3A21', fix);
      assert.equal(params.get('speed'), (fix.speedKmh / 1.852).toFixed(2));
      const [decoded] = decodeOsmAnd({ query: Object.fromEntries(params) }, now);
      assert.ok(decoded);
      assert.equal(decoded.deviceIdentifier, 'FSP3A21');
      assert.equal(decoded.fixedAt.getTime(), fix.fixedAt.getTime());
      assert.ok(Math.abs(decoded.latitude - fix.latitude) < 1e-7);
      assert.ok(Math.abs(decoded.longitude - fix.longitude) < 1e-7);
      assert.ok(
        Math.abs((decoded.speedKmh ?? -1) - fix.speedKmh) < 0.01,
        `${decoded.speedKmh} vs ${fix.speedKmh}`,
      );
      assert.equal(decoded.course, fix.course);
      assert.equal(decoded.altitude, fix.altitude);
      assert.equal(decoded.attributes.batteryLevel, fix.batteryLevel);
      assert.equal(decoded.attributes.ignition, fix.ignition);
    }
  });

  test('JSON batch: ISO times and km/h as the ingest contract reads them', () => {
    const body = JSON.parse(JSON.stringify(jsonBatchBody(fixes.slice(0, 6))));
    assert.equal(body.positions.length, 6);
    body.positions.forEach((p: Record<string, unknown>, i: number) => {
      const fix = fixes[i] as Fix;
      assert.equal(new Date(p.fixedAt as string).getTime(), fix.fixedAt.getTime());
      assert.match(p.fixedAt as string, /Z$/);
      assert.deepEqual(
        [p.latitude, p.longitude, p.speedKmh, p.course, p.altitude],
        [fix.latitude, fix.longitude, fix.speedKmh, fix.course, fix.altitude],
      );
      assert.deepEqual(p.attributes, { ignition: fix.ignition, odometer: fix.odometerMetres });
    });
  });

  test('Teltonika: handshake and Codec 8 packets decode with a valid CRC to the same records', () => {
    const session = new TeltonikaSession();
    const imei = '356307042441013';
    const [hello] = session.push(encodeTeltonikaImei(imei));
    assert.deepEqual(hello, { type: 'imei', imei });
    for (let at = 0; at < fixes.length; at += 50) {
      const batch = fixes.slice(at, at + 50);
      const packet = encodeTeltonikaCodec8(batch.map(teltonikaRecord));
      const crc = packet.readUInt32BE(packet.length - 4);
      assert.equal(crc, crc16Ibm(packet.subarray(8, packet.length - 4)));
      // Delivered in awkward pieces, as TCP may.
      const frames = [packet.subarray(0, 7), packet.subarray(7, 99), packet.subarray(99)].flatMap((part) =>
        session.push(part),
      );
      assert.equal(frames.length, 1);
      const [frame] = frames;
      assert.ok(frame && frame.type === 'avl', JSON.stringify(frame));
      assert.equal(frame.count, batch.length);
      frame.records.forEach((record, i) => {
        const fix = batch[i] as Fix;
        assert.equal(record.deviceIdentifier, imei);
        assert.equal(record.fixedAt.getTime(), fix.fixedAt.getTime());
        assert.ok(Math.abs(record.latitude - fix.latitude) <= 0.5e-7);
        assert.ok(Math.abs(record.longitude - fix.longitude) <= 0.5e-7);
        assert.ok(Math.abs((record.speedKmh ?? -1) - fix.speedKmh) <= 0.5, 'Codec 8 speed is whole km/h');
        assert.equal(record.course, fix.course);
        assert.equal(record.altitude, fix.altitude);
        assert.equal(record.attributes.io239, fix.ignition ? 1 : 0);
        assert.equal(record.attributes.io16, fix.odometerMetres);
        assert.equal(record.attributes.valid, true);
      });
    }
    assert.ok(session.canContinue);
  });
});
