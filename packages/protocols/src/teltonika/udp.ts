import { DecodeError } from '../position';
import { type AvlData, decodeAvlData } from './avl-decode';
import { encodeTeltonikaCodec8, type TeltonikaRecordInput } from './encode';
import { CODEC_8, type TeltonikaCodec } from './types';

// Length (2), packet id (2), packet type (1), AVL packet id (1), IMEI length (2).
const HEADER_LENGTH = 8;
const IMEI_PATTERN = /^\d{8,20}$/;

/** One Teltonika UDP datagram: the channel header, the IMEI and the AVL data (no CRC: UDP has its own). */
export interface TeltonikaDatagram extends AvlData {
  /** Echoed in the ACK, so the device matches it to what it sent. */
  packetId: number;
  avlPacketId: number;
  imei: string;
}

/**
 * Decodes a Teltonika Codec 8 / 8 Extended datagram: length of the rest (2), packet id (2), packet
 * type (1), AVL packet id (1), IMEI length (2), IMEI, then codec, N1, records, N2. Any inconsistency
 * throws DecodeError: the datagram is refused whole and no ACK goes back.
 */
export function decodeTeltonikaDatagram(datagram: Buffer): TeltonikaDatagram {
  if (datagram.length < HEADER_LENGTH) {
    throw new DecodeError(
      'INVALID_LENGTH',
      `A Teltonika UDP datagram of ${datagram.length} bytes is too short.`,
    );
  }
  const length = datagram.readUInt16BE(0);
  if (length !== datagram.length - 2) {
    throw new DecodeError(
      'INVALID_LENGTH',
      `The datagram announces ${length} bytes after its length field but holds ${datagram.length - 2}.`,
    );
  }
  const packetId = datagram.readUInt16BE(2);
  const avlPacketId = datagram.readUInt8(5);
  const imeiLength = datagram.readUInt16BE(6);
  if (HEADER_LENGTH + imeiLength > datagram.length) {
    throw new DecodeError('INVALID_IMEI', `The IMEI length ${imeiLength} runs past the datagram.`);
  }
  const imei = datagram.subarray(HEADER_LENGTH, HEADER_LENGTH + imeiLength).toString('latin1');
  if (!IMEI_PATTERN.test(imei)) {
    throw new DecodeError('INVALID_IMEI', 'The datagram IMEI must be 8 to 20 digits.');
  }
  const avl = decodeAvlData(datagram.subarray(HEADER_LENGTH + imeiLength), imei);
  return { ...avl, packetId, avlPacketId, imei };
}

/** The server's ACK of a datagram: 00 05, packet id, 01, AVL packet id, number of records accepted. */
export function teltonikaUdpAck(packetId: number, avlPacketId: number, accepted: number): Buffer {
  const ack = Buffer.alloc(7);
  ack.writeUInt16BE(5, 0);
  ack.writeUInt16BE(packetId & 0xffff, 2);
  ack.writeUInt8(0x01, 4);
  ack.writeUInt8(avlPacketId & 0xff, 5);
  ack.writeUInt8(accepted & 0xff, 6);
  return ack;
}

/** A datagram as a device sends it (the fleet simulator and tests): the TCP packet's data, no CRC. */
export function encodeTeltonikaDatagram(
  imei: string,
  records: TeltonikaRecordInput[],
  ids: { packetId: number; avlPacketId: number },
  codec: TeltonikaCodec = CODEC_8,
): Buffer {
  const packet = encodeTeltonikaCodec8(records, codec);
  const data = packet.subarray(8, packet.length - 4);
  const id = Buffer.from(imei, 'latin1');
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(HEADER_LENGTH - 2 + id.length + data.length, 0);
  header.writeUInt16BE(ids.packetId & 0xffff, 2);
  header.writeUInt8(0x01, 4);
  header.writeUInt8(ids.avlPacketId & 0xff, 5);
  header.writeUInt16BE(id.length, 6);
  return Buffer.concat([header, id, data]);
}
