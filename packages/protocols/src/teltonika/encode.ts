import { crc16Ibm } from './crc16';
import { CODEC_8, CODEC_8_EXTENDED, type TeltonikaCodec } from './types';

/** One IO element: fixed width (1, 2, 4 or 8 bytes) or, in Codec 8 Extended only, variable bytes (NX). */
export type TeltonikaIoInput =
  | { id: number; size: 1 | 2 | 4 | 8; value: number | bigint }
  | { id: number; bytes: Buffer };

/** One AVL record to encode, as a simulated device would report it. */
export interface TeltonikaRecordInput {
  fixedAt: Date;
  latitude: number;
  longitude: number;
  altitude?: number;
  /** Heading in degrees from north. */
  angle?: number;
  satellites?: number;
  speedKmh?: number;
  /** 0 low, 1 high, 2 panic. */
  priority?: 0 | 1 | 2;
  /** The IO id that triggered the record (0 for periodic records). */
  eventIoId?: number;
  io?: TeltonikaIoInput[];
}

/** The handshake a device sends first: 2-byte length, then the IMEI in ASCII. */
export function encodeTeltonikaImei(imei: string): Buffer {
  const text = Buffer.from(imei, 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(text.length);
  return Buffer.concat([length, text]);
}

/** Builds a complete AVL packet (preamble, length, records, CRC) in Codec 8 or Codec 8 Extended. */
export function encodeTeltonikaCodec8(
  records: TeltonikaRecordInput[],
  codec: TeltonikaCodec = CODEC_8,
): Buffer {
  if (records.length > 255) throw new RangeError('An AVL packet holds at most 255 records.');
  const extended = codec === CODEC_8_EXTENDED;
  const count = Buffer.from([records.length]);
  const data = Buffer.concat([
    Buffer.from([codec]),
    count,
    ...records.map((record) => encodeRecord(record, extended)),
    count,
  ]);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc16Ibm(data));
  return Buffer.concat([header, data, crc]);
}

function encodeRecord(record: TeltonikaRecordInput, extended: boolean): Buffer {
  const head = Buffer.alloc(24);
  head.writeBigUInt64BE(BigInt(record.fixedAt.getTime()), 0);
  head.writeUInt8(record.priority ?? 0, 8);
  head.writeInt32BE(Math.round(record.longitude * 1e7), 9);
  head.writeInt32BE(Math.round(record.latitude * 1e7), 13);
  head.writeInt16BE(Math.round(record.altitude ?? 0), 17);
  head.writeUInt16BE(Math.round(record.angle ?? 0) % 360, 19);
  head.writeUInt8(record.satellites ?? 0, 21);
  head.writeUInt16BE(Math.round(record.speedKmh ?? 0), 22);
  return Buffer.concat([head, encodeIo(record, extended)]);
}

function encodeIo(record: TeltonikaRecordInput, extended: boolean): Buffer {
  const io = record.io ?? [];
  const short = (value: number): Buffer => {
    const out = Buffer.alloc(extended ? 2 : 1);
    if (extended) out.writeUInt16BE(value);
    else out.writeUInt8(value);
    return out;
  };
  const parts: Buffer[] = [short(record.eventIoId ?? 0), short(io.length)];
  for (const size of [1, 2, 4, 8] as const) {
    const group = io.filter((element) => 'size' in element && element.size === size);
    parts.push(short(group.length));
    for (const element of group) {
      if (!('size' in element)) continue;
      parts.push(short(element.id), fixedValue(element.value, size));
    }
  }
  const variable = io.filter((element) => 'bytes' in element);
  if (!extended) {
    if (variable.length > 0) throw new RangeError('Variable-length IO elements need Codec 8 Extended.');
    return Buffer.concat(parts);
  }
  parts.push(short(variable.length));
  for (const element of variable) {
    if (!('bytes' in element)) continue;
    const head = Buffer.alloc(4);
    head.writeUInt16BE(element.id, 0);
    head.writeUInt16BE(element.bytes.length, 2);
    parts.push(head, element.bytes);
  }
  return Buffer.concat(parts);
}

function fixedValue(value: number | bigint, size: 1 | 2 | 4 | 8): Buffer {
  const out = Buffer.alloc(size);
  if (size === 8) out.writeBigUInt64BE(BigInt(value));
  else out.writeUIntBE(Number(value), 0, size);
  return out;
}
