import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  crc16Ibm,
  encodeTeltonikaCodec8,
  encodeTeltonikaImei,
  type TeltonikaFrame,
  type TeltonikaRecordInput,
  TeltonikaSession,
  teltonikaAck,
} from '@pioneira/protocols';
import { FIXTURE_A_1, FIXTURE_B, IMEI_HANDSHAKE } from './fixtures/teltonika';

const hex = (text: string) => Buffer.from(text, 'hex');

function decodeStream(...chunks: Buffer[]): TeltonikaFrame[] {
  const session = new TeltonikaSession();
  return chunks.flatMap((chunk) => session.push(chunk));
}

test('crc16Ibm matches the CRC-16/ARC check value and the official examples', () => {
  assert.equal(crc16Ibm(Buffer.from('123456789')), 0xbb3d);
  const a = hex(FIXTURE_A_1);
  assert.equal(crc16Ibm(a.subarray(8, a.length - 4)), 0xc7cf);
  const b = hex(FIXTURE_B);
  assert.equal(crc16Ibm(b.subarray(8, b.length - 4)), 0x2994);
});

test('teltonikaAck is the record count in 4 bytes big-endian', () => {
  assert.deepEqual(teltonikaAck(1), hex('00000001'));
  assert.deepEqual(teltonikaAck(255), hex('000000ff'));
});

test('the encoder rebuilds official example A byte for byte', () => {
  const packet = encodeTeltonikaCodec8([
    {
      fixedAt: new Date('2019-06-10T10:04:46Z'),
      latitude: 0,
      longitude: 0,
      priority: 1,
      eventIoId: 1,
      io: [
        { id: 21, size: 1, value: 3 },
        { id: 1, size: 1, value: 1 },
        { id: 66, size: 2, value: 24079 },
        { id: 241, size: 4, value: 24602 },
        { id: 78, size: 8, value: 0n },
      ],
    },
  ]);
  assert.equal(packet.toString('hex').toUpperCase(), FIXTURE_A_1);
});

test('the encoder rebuilds official example B (Codec 8 Extended) byte for byte', () => {
  const packet = encodeTeltonikaCodec8(
    [
      {
        fixedAt: new Date('2019-06-10T11:36:32Z'),
        latitude: 0,
        longitude: 0,
        priority: 1,
        eventIoId: 1,
        io: [
          { id: 1, size: 1, value: 1 },
          { id: 17, size: 2, value: 29 },
          { id: 16, size: 4, value: 22949000 },
          { id: 11, size: 8, value: 893700218 },
          { id: 14, size: 8, value: 500686954 },
        ],
      },
    ],
    0x8e,
  );
  assert.equal(packet.toString('hex').toUpperCase(), FIXTURE_B);
});

test('what the simulator encodes, the session decodes: São Paulo in both codecs', () => {
  const drive: TeltonikaRecordInput[] = [
    {
      fixedAt: new Date('2025-03-01T12:00:00Z'),
      latitude: -23.5505199,
      longitude: -46.6333094,
      altitude: 760,
      angle: 270,
      satellites: 11,
      speedKmh: 62,
      io: [
        { id: 239, size: 1, value: 1 },
        { id: 66, size: 2, value: 13800 },
      ],
    },
    {
      fixedAt: new Date('2025-03-01T12:00:30Z'),
      latitude: -23.551,
      longitude: -46.634,
      satellites: 10,
      speedKmh: 0,
    },
  ];
  for (const codec of [0x08, 0x8e] as const) {
    const frames = decodeStream(encodeTeltonikaImei('356307042441013'), encodeTeltonikaCodec8(drive, codec));
    const avl = frames[1];
    if (avl?.type !== 'avl') assert.fail(`codec ${codec}: ${JSON.stringify(frames)}`);
    assert.equal(avl.codec, codec);
    assert.equal(avl.count, 2);
    const [first, second] = avl.records;
    assert.equal(first.deviceIdentifier, '356307042441013');
    assert.deepEqual(first.fixedAt, new Date('2025-03-01T12:00:00Z'));
    assert.equal(first.latitude, -23.5505199);
    assert.equal(first.longitude, -46.6333094);
    assert.equal(first.altitude, 760);
    assert.equal(first.course, 270);
    assert.equal(first.speedKmh, 62);
    assert.equal(first.attributes.io239, 1);
    assert.equal(first.attributes.io66, 13800);
    assert.equal(second.speedKmh, 0);
    assert.equal(second.latitude, -23.551);
  }
});

test('variable-length IO round-trips in Codec 8 Extended and is refused for Codec 8', () => {
  const record: TeltonikaRecordInput = {
    fixedAt: new Date('2025-03-01T12:00:00Z'),
    latitude: 1,
    longitude: 2,
    io: [{ id: 385, bytes: hex('0a0b0c') }],
  };
  const frames = decodeStream(hex(IMEI_HANDSHAKE), encodeTeltonikaCodec8([record], 0x8e));
  assert.equal(frames[1].type === 'avl' && frames[1].records[0].attributes.io385, '0a0b0c');
  assert.throws(() => encodeTeltonikaCodec8([record], 0x08), RangeError);
});
