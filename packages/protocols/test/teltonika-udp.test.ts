import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DecodeError,
  decodeTeltonikaDatagram,
  encodeTeltonikaDatagram,
  teltonikaUdpAck,
} from '@pioneira/protocols';

// Teltonika's documented Codec 8 UDP example: packet id CAFE, AVL packet id 05, one record.
const WIKI = Buffer.from(
  '003DCAFE0105000F33353230393330383634303336353508010000016B4F815B30010000000000000000000000000000000103021503010101425DBC000001',
  'hex',
);

test('the documented datagram decodes to its IMEI, ids and record; the ACK is the documented one', () => {
  const packet = decodeTeltonikaDatagram(WIKI);
  assert.equal(packet.imei, '352093086403655');
  assert.equal(packet.packetId, 0xcafe);
  assert.equal(packet.avlPacketId, 5);
  assert.equal(packet.count, 1);
  assert.equal(packet.records[0]!.fixedAt.toISOString(), '2019-06-13T06:23:26.000Z');
  assert.equal(packet.records[0]!.attributes.power, 23.996);
  assert.equal(
    teltonikaUdpAck(packet.packetId, packet.avlPacketId, packet.count).toString('hex'),
    '0005cafe010501',
  );
});

test('the encoder round-trips through the decoder', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');
  const bytes = encodeTeltonikaDatagram(
    '356307042441013',
    [{ fixedAt: at, latitude: -23.5, longitude: -46.6, speedKmh: 50, angle: 180, satellites: 9 }],
    { packetId: 0x1234, avlPacketId: 0x56 },
  );
  const packet = decodeTeltonikaDatagram(bytes);
  assert.equal(packet.packetId, 0x1234);
  assert.equal(packet.avlPacketId, 0x56);
  assert.equal(packet.records[0]!.fixedAt.getTime(), at.getTime());
  assert.equal(packet.records[0]!.latitude, -23.5);
  assert.equal(packet.records[0]!.speedKmh, 50);
});

test('every truncation, a wrong length, a bad IMEI and random bytes are refused with a DecodeError', () => {
  for (let n = 0; n < WIKI.length; n++)
    assert.throws(() => decodeTeltonikaDatagram(WIKI.subarray(0, n)), DecodeError, `truncated to ${n}`);
  const longer = Buffer.from(WIKI);
  longer.writeUInt16BE(WIKI.length, 0);
  assert.throws(() => decodeTeltonikaDatagram(longer), /announces/);
  const letters = Buffer.from(WIKI);
  letters[8] = 0x41;
  assert.throws(() => decodeTeltonikaDatagram(letters), /IMEI/);
  const tooLongImei = Buffer.from(WIKI);
  tooLongImei.writeUInt16BE(0x0fff, 6);
  assert.throws(() => decodeTeltonikaDatagram(tooLongImei), /IMEI length/);
  let seed = 7;
  for (let i = 0; i < 500; i++) {
    const junk = Buffer.from(
      Array.from({ length: 1 + (i % 120) }, () => (seed = (seed * 1103515245 + 12345) & 0xff)),
    );
    assert.throws(() => decodeTeltonikaDatagram(junk), DecodeError);
  }
});
