import type { PositionRow } from './position-row';

/**
 * The binary layout of positions in the outbox and on the event log: 24 bytes per fix, big-endian —
 * device number (int32), fix time in ms (float64), latitude and longitude × 10^7 (int32), speed in
 * hundredths of km/h (uint16, clamped to 655.34; 0xFFFF = unknown), course in hundredths of a degree
 * (uint16, 0–35999; 0xFFFF = unknown).
 */
export const WIRE_RECORD_BYTES = 24;
const UNKNOWN = 0xffff;
const hundredths = (value: number | null, max: number) =>
  value === null ? UNKNOWN : Math.min(max, Math.max(0, Math.round(value * 100)));

/** One position as the consumers see it. */
export interface WirePosition {
  deviceNum: number;
  t: number;
  latitude: number;
  longitude: number;
  speedKmh: number | null;
  course: number | null;
}

/**
 * A speed in km/h as a wire record carries it (to 0.01, clamped to [0, 655.34]): what a consumer that
 * reads the stored speed (to 0.001) must round it to, to see the same value as one reading the log.
 */
export const wireSpeedKmh = (value: number | null): number | null =>
  value === null ? null : hundredths(value, UNKNOWN - 1) / 100;

/** Packs rows into the wire layout. */
export function encodeWire(rows: PositionRow[]): Buffer {
  const buffer = Buffer.allocUnsafe(rows.length * WIRE_RECORD_BYTES);
  rows.forEach((row, i) => {
    const at = i * WIRE_RECORD_BYTES;
    buffer.writeInt32BE(row.deviceNum, at);
    buffer.writeDoubleBE(row.t, at + 4);
    buffer.writeInt32BE(row.latE7, at + 12);
    buffer.writeInt32BE(row.lonE7, at + 16);
    buffer.writeUInt16BE(hundredths(row.speedKmh, UNKNOWN - 1), at + 20);
    buffer.writeUInt16BE(hundredths(row.course, 35_999), at + 22);
  });
  return buffer;
}

/** Device number of the record at `index`, without decoding the rest (the relay groups by it). */
export const wireDeviceNum = (buffer: Buffer, index: number) => buffer.readInt32BE(index * WIRE_RECORD_BYTES);

/** Unpacks a wire buffer; throws on a length that is not a whole number of records. */
export function decodeWire(buffer: Buffer): WirePosition[] {
  if (buffer.length % WIRE_RECORD_BYTES !== 0)
    throw new Error(
      `A position batch must be a multiple of ${WIRE_RECORD_BYTES} bytes, got ${buffer.length}.`,
    );
  const positions: WirePosition[] = [];
  for (let at = 0; at < buffer.length; at += WIRE_RECORD_BYTES) {
    const speed = buffer.readUInt16BE(at + 20);
    const course = buffer.readUInt16BE(at + 22);
    positions.push({
      deviceNum: buffer.readInt32BE(at),
      t: buffer.readDoubleBE(at + 4),
      latitude: buffer.readInt32BE(at + 12) / 1e7,
      longitude: buffer.readInt32BE(at + 16) / 1e7,
      speedKmh: speed === UNKNOWN ? null : speed / 100,
      course: course === UNKNOWN ? null : course / 100,
    });
  }
  return positions;
}
