import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type DecodedPosition,
  encodeTeltonikaCodec8,
  type TeltonikaFrame,
  TeltonikaSession,
  teltonikaAck,
} from '@pioneira/protocols';
import {
  FIXTURE_A_1,
  FIXTURE_A_2,
  FIXTURE_B,
  IMEI_HANDSHAKE,
  TRACCAR_CODEC_8,
  TRACCAR_CODEC_8E,
  TRACCAR_IMEI_HANDSHAKE,
  TRACCAR_REFUSED,
  TRACCAR_TRUNCATED,
} from './fixtures/teltonika';

const hex = (text: string) => Buffer.from(text, 'hex');

/** A session past its handshake, plus the frames of `packet` pushed in one chunk. */
function decode(packet: string): { session: TeltonikaSession; frames: TeltonikaFrame[] } {
  const session = new TeltonikaSession();
  session.push(hex(IMEI_HANDSHAKE));
  return { session, frames: session.push(hex(packet)) };
}

function onlyAvl(frames: TeltonikaFrame[]): Extract<TeltonikaFrame, { type: 'avl' }> {
  assert.equal(frames.length, 1, `expected one frame, got ${JSON.stringify(frames)}`);
  const [frame] = frames;
  if (frame.type !== 'avl') assert.fail(`expected an AVL frame, got ${frame.type}: ${JSON.stringify(frame)}`);
  return frame;
}

function assertSane(position: DecodedPosition): void {
  assert.ok(
    position.fixedAt.getTime() > Date.UTC(2010, 0, 1) && position.fixedAt.getTime() < Date.UTC(2030, 0, 1),
  );
  assert.ok(Math.abs(position.latitude) <= 90 && Math.abs(position.longitude) <= 180);
  assert.ok(position.speedKmh === null || (position.speedKmh >= 0 && position.speedKmh < 300));
}

describe('Teltonika handshake', () => {
  test('reads the IMEI of the official example and of Traccar captures', () => {
    assert.deepEqual(new TeltonikaSession().push(hex(IMEI_HANDSHAKE)), [
      { type: 'imei', imei: '356307042441013' },
    ]);
    const session = new TeltonikaSession();
    assert.deepEqual(session.push(hex(TRACCAR_IMEI_HANDSHAKE)), [{ type: 'imei', imei: '123456789012345' }]);
    assert.equal(session.imei, '123456789012345');
  });

  test('refuses non-digit IMEIs and absurd lengths, and then accepts nothing more', () => {
    const letterInImei = Buffer.concat([hex('000F'), Buffer.from('35630704244101X')]);
    for (const bad of [letterInImei, hex('FFFF3335'), hex('0000'), hex('0001')]) {
      const session = new TeltonikaSession();
      const frames = session.push(bad);
      assert.equal(frames.length, 1, bad.toString('hex'));
      assert.equal(frames[0].type === 'error' && frames[0].error.code, 'INVALID_IMEI', bad.toString('hex'));
      assert.equal(session.canContinue, false);
      assert.deepEqual(session.push(hex(FIXTURE_A_1)), []);
    }
  });

  test('an HTTP request instead of a handshake is refused at once', () => {
    const frames = new TeltonikaSession().push(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    assert.equal(frames[0].type === 'error' && frames[0].error.code, 'INVALID_IMEI');
  });
});

describe('Teltonika official examples', () => {
  test('Fixture A example 1 (Codec 8): time, zero fix, every IO width', () => {
    const frame = onlyAvl(decode(FIXTURE_A_1).frames);
    assert.equal(frame.codec, 0x08);
    assert.equal(frame.count, 1);
    assert.deepEqual(teltonikaAck(frame.count), hex('00000001'));
    assert.deepEqual(frame.records, [
      {
        deviceIdentifier: '356307042441013',
        fixedAt: new Date('2019-06-10T10:04:46Z'),
        latitude: 0,
        longitude: 0,
        speedKmh: 0,
        course: 0,
        altitude: 0,
        accuracy: null,
        attributes: {
          priority: 1,
          sat: 0,
          valid: false,
          event: 1,
          io21: 3,
          io1: 1,
          io66: 24079,
          io241: 24602,
          io78: 0,
          power: 24.079,
        },
      },
    ]);
  });

  test('Fixture A example 2 (Codec 8)', () => {
    const [record] = onlyAvl(decode(FIXTURE_A_2).frames).records;
    assert.deepEqual(record.fixedAt, new Date('2019-06-10T10:05:36Z'));
    assert.deepEqual(record.attributes, {
      priority: 1,
      sat: 0,
      valid: false,
      event: 1,
      io21: 3,
      io1: 1,
      io66: 24080,
      power: 24.08,
    });
  });

  test('Fixture B (Codec 8 Extended): 2-byte ids and 8-byte values', () => {
    const frame = onlyAvl(decode(FIXTURE_B).frames);
    assert.equal(frame.codec, 0x8e);
    assert.equal(frame.count, 1);
    const [record] = frame.records;
    assert.deepEqual(record.fixedAt, new Date('2019-06-10T11:36:32Z'));
    assert.equal(record.latitude, 0);
    assert.deepEqual(record.attributes, {
      priority: 1,
      sat: 0,
      valid: false,
      event: 1,
      io1: 1,
      io17: 29,
      io16: 22949000,
      io11: 893700218,
      io14: 500686954,
      odometer: 22949000,
    });
  });
});

describe('Teltonika named IO elements', () => {
  test('ignition, movement, voltage, odometer, green driving and the iButton get their names', () => {
    const packet = encodeTeltonikaCodec8(
      [
        {
          fixedAt: new Date('2026-03-02T12:00:00Z'),
          latitude: -23.55,
          longitude: -46.63,
          speedKmh: 60,
          angle: 90,
          satellites: 9,
          eventIoId: 253,
          io: [
            { id: 239, size: 1, value: 1 },
            { id: 240, size: 1, value: 0 },
            { id: 253, size: 1, value: 2 },
            { id: 254, size: 1, value: 45 },
            { id: 66, size: 2, value: 12_650 },
            { id: 16, size: 4, value: 1_234_567 },
            { id: 78, size: 8, value: 0x01a2b3c4d5e6f7n },
          ],
        },
      ],
      0x08,
    );
    const [record] = onlyAvl(decode(packet.toString('hex')).frames).records;
    const a = record.attributes ?? {};
    assert.deepEqual(
      [a.ignition, a.motion, a.power, a.odometer, a.greenDrivingType, a.greenDrivingValue, a.driverUniqueId],
      [true, false, 12.65, 1_234_567, 2, 45, '0001A2B3C4D5E6F7'],
    );
    assert.equal(a.io239, 1, 'the raw element stays');
  });
});

describe('Teltonika captures from Traccar', () => {
  test('every Codec 8 and 8 Extended capture decodes to its record count with sane values', () => {
    for (const { hex: packet, records } of [...TRACCAR_CODEC_8, ...TRACCAR_CODEC_8E]) {
      const frame = onlyAvl(decode(packet).frames);
      assert.equal(frame.count, records, packet.slice(0, 30));
      assert.equal(frame.records.length, records);
      frame.records.forEach(assertSane);
    }
  });

  test('a Codec 8 record in Vienna: place, speed, course and 1/2/4-byte IO values', () => {
    const record = onlyAvl(decode(TRACCAR_CODEC_8[2].hex).frames).records[0];
    assert.deepEqual(record.fixedAt, new Date('2019-01-04T12:27:19Z'));
    assert.equal(record.latitude, 48.1523066);
    assert.equal(record.longitude, 16.3745183);
    assert.equal(record.altitude, 190);
    assert.equal(record.course, 198);
    assert.equal(record.speedKmh, 83);
    assert.equal(record.attributes.sat, 15);
    assert.equal(record.attributes.io240, 1);
    assert.equal(record.attributes.io66, 14233);
    assert.equal(record.attributes.io241, 23201);
    assert.equal(record.attributes.io16, 2656224);
  });

  test('southern and western hemispheres come out negative', () => {
    const porto = onlyAvl(decode(TRACCAR_CODEC_8[6].hex).frames).records[0];
    assert.equal(porto.latitude, 40.9420533);
    assert.equal(porto.longitude, -8.6313433);
    const jakarta = onlyAvl(decode(TRACCAR_CODEC_8[10].hex).frames).records[0];
    assert.equal(jakarta.latitude, -6.27658);
    assert.equal(jakarta.longitude, 106.7956096);
  });

  test('an 8-byte iButton id beyond 2^53 stays exact, as decimal text', () => {
    const frame = onlyAvl(decode(TRACCAR_CODEC_8[8].hex).frames);
    assert.equal(frame.records[0].fixedAt.toISOString(), '2017-01-06T11:34:59.000Z');
    assert.equal(frame.records[0].latitude, 28.5913718);
    assert.deepEqual(
      frame.records.map((record) => [record.attributes.event, record.attributes.io78]),
      [
        [78, 0],
        [78, '72069690697717651'],
        [78, 0],
        [78, '72069690697717651'],
      ],
    );
  });

  test('Codec 8 Extended variable-length (NX) values become hex text', () => {
    const record = onlyAvl(decode(TRACCAR_CODEC_8E[1].hex).frames).records[0];
    assert.deepEqual(record.fixedAt, new Date('2022-09-23T04:22:29.011Z'));
    assert.equal(record.latitude, 54.70086);
    assert.equal(record.longitude, 25.25975);
    assert.equal(record.attributes.event, 10831);
    assert.equal(record.attributes.io10831, '011c0001a40110eb47706aa38255aa96f21a154e2d00550d01000e020bd6');
  });

  for (const refused of TRACCAR_REFUSED) {
    test(`refuses ${refused.name} with ${refused.code} and stops`, () => {
      const { session, frames } = decode(refused.hex);
      assert.equal(frames.length, 1);
      assert.equal(frames[0].type === 'error' && frames[0].error.code, refused.code);
      assert.equal(session.canContinue, false);
    });
  }

  test('a packet cut short waits for the rest instead of inventing records', () => {
    const { session, frames } = decode(TRACCAR_TRUNCATED);
    assert.deepEqual(frames, []);
    assert.equal(session.canContinue, true);
  });
});

describe('Teltonika framing across TCP chunks', () => {
  const stream = Buffer.concat([
    hex(IMEI_HANDSHAKE),
    ...TRACCAR_CODEC_8.map((p) => hex(p.hex)),
    hex(FIXTURE_B),
  ]);
  const expectedCounts = [...TRACCAR_CODEC_8.map((p) => p.records), 1];

  function avlCounts(frames: TeltonikaFrame[]): number[] {
    assert.deepEqual(frames[0], { type: 'imei', imei: '356307042441013' });
    return frames.slice(1).map((frame) => (frame.type === 'avl' ? frame.count : -1));
  }

  test('byte by byte', () => {
    const session = new TeltonikaSession();
    const frames: TeltonikaFrame[] = [];
    for (const byte of stream) frames.push(...session.push(Buffer.from([byte])));
    assert.deepEqual(avlCounts(frames), expectedCounts);
  });

  test('the whole stream in one chunk', () => {
    assert.deepEqual(avlCounts(new TeltonikaSession().push(stream)), expectedCounts);
  });

  test('chunks of every size from 2 to 97 bytes give the same frames', () => {
    const reference = new TeltonikaSession().push(stream);
    for (let size = 2; size < 98; size++) {
      const session = new TeltonikaSession();
      const frames: TeltonikaFrame[] = [];
      for (let at = 0; at < stream.length; at += size)
        frames.push(...session.push(stream.subarray(at, at + size)));
      assert.deepEqual(frames, reference, `chunk size ${size}`);
    }
  });

  test('a good packet followed by junk yields the records, then BAD_PREAMBLE', () => {
    const { session, frames } = decode(FIXTURE_A_1 + 'DEADBEEF');
    assert.deepEqual(
      frames.map((frame) => (frame.type === 'error' ? frame.error.code : frame.type)),
      ['avl', 'BAD_PREAMBLE'],
    );
    assert.equal(session.canContinue, false);
  });

  test('a flipped bit anywhere in the data is a CRC mismatch', () => {
    const packet = hex(FIXTURE_A_1);
    for (let at = 9; at < packet.length - 4; at++) {
      const corrupted = Buffer.from(packet);
      corrupted[at] ^= 0x10;
      const frames = decode(corrupted.toString('hex')).frames;
      assert.equal(frames.length, 1);
      assert.ok(frames[0].type === 'error', `byte ${at}`);
    }
  });

  test('a declared length over 64 KiB is refused before buffering it', () => {
    const frames = decode('0000000000010001').frames;
    assert.equal(frames[0].type === 'error' && frames[0].error.code, 'PACKET_TOO_LARGE');
  });
});
