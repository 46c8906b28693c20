import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';
import { checkCoordinates, fixTime, plausibleAltitude, plausibleCourse, plausibleSpeed } from '../validate';
import { ByteReader } from './byte-reader';
import { nameIoElements } from './io-names';
import { CODEC_8, CODEC_8_EXTENDED, type TeltonikaCodec } from './types';

const COORDINATE_SCALE = 1e7;
const FIXED_WIDTHS = [1, 2, 4, 8] as const;

/** The records of one AVL packet, decoded from its data field (codec id … N2, CRC already checked). */
export interface AvlData {
  codec: TeltonikaCodec;
  count: number;
  records: DecodedPosition[];
}

/** Decodes the data field of a Codec 8 / 8 Extended packet; throws DecodeError on any inconsistency. */
export function decodeAvlData(data: Buffer, imei: string): AvlData {
  const reader = new ByteReader(data);
  const codec = reader.u8();
  if (codec !== CODEC_8 && codec !== CODEC_8_EXTENDED) {
    throw new DecodeError('UNKNOWN_CODEC', `Codec 0x${codec.toString(16)} is not Codec 8 or 8 Extended.`);
  }
  const count = reader.u8();
  const records: DecodedPosition[] = [];
  for (let i = 0; i < count; i++) records.push(decodeRecord(reader, codec, imei));
  const repeated = reader.u8();
  if (repeated !== count) {
    throw new DecodeError(
      'RECORD_COUNT_MISMATCH',
      `The packet announces ${count} records but ends with ${repeated}.`,
    );
  }
  if (reader.remaining !== 0) {
    throw new DecodeError('MALFORMED_RECORD', `${reader.remaining} byte(s) follow the last record's count.`);
  }
  return { codec, count, records };
}

function decodeRecord(reader: ByteReader, codec: TeltonikaCodec, imei: string): DecodedPosition {
  const timestampMs = Number(reader.u64());
  const priority = reader.u8();
  const longitude = reader.i32() / COORDINATE_SCALE;
  const latitude = reader.i32() / COORDINATE_SCALE;
  const altitude = reader.i16();
  const angle = reader.u16();
  const satellites = reader.u8();
  const speed = reader.u16();
  // A record without a fix repeats the last known place and zeroes angle, satellites and speed.
  const attributes: Record<string, AttributeValue> = { priority, sat: satellites, valid: satellites > 0 };
  readIoElement(reader, codec === CODEC_8_EXTENDED, attributes);
  nameIoElements(attributes);
  checkCoordinates(latitude, longitude);
  return {
    deviceIdentifier: imei,
    fixedAt: fixTime(timestampMs),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(speed),
    course: plausibleCourse(angle),
    altitude: plausibleAltitude(altitude),
    accuracy: null,
    attributes,
  };
}

// Codec 8 Extended widens every id and count to 2 bytes and adds the variable-length NX group.
function readIoElement(
  reader: ByteReader,
  extended: boolean,
  attributes: Record<string, AttributeValue>,
): void {
  const readShort = extended ? () => reader.u16() : () => reader.u8();
  attributes.event = readShort();
  readShort(); // total IO count: the per-width counts below are what delimit the data
  for (const width of FIXED_WIDTHS) {
    const n = readShort();
    for (let i = 0; i < n; i++) {
      const id = readShort();
      attributes[`io${id}`] = readValue(reader, width);
    }
  }
  if (!extended) return;
  const variable = reader.u16();
  for (let i = 0; i < variable; i++) {
    const id = reader.u16();
    attributes[`io${id}`] = reader.bytes(reader.u16()).toString('hex');
  }
}

function readValue(reader: ByteReader, width: (typeof FIXED_WIDTHS)[number]): number | string {
  if (width === 1) return reader.u8();
  if (width === 2) return reader.u16();
  if (width === 4) return reader.u32();
  const value = reader.u64();
  // Beyond 2^53 a double would change the value; keep it exact as decimal text.
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}
