import { DecodeError } from '../position';
import { crcItu } from './crc-itu';

const STOP = [0x0d, 0x0a];
// 0x78 0x78 packets carry a one-byte length; 0x79 0x79 ("extended") a two-byte one.
const MIN_LENGTH = 5; // protocol number + serial (2) + CRC (2)
const MAX_EXTENDED_LENGTH = 4096;

/** One framed GT06 packet. */
export interface Gt06Packet {
  protocol: number;
  /** The information content between the protocol number and the serial. */
  content: Buffer;
  serial: number;
  extended: boolean;
}

/**
 * Frames the packet at the start of `buf`: null while incomplete, a DecodeError for a bad start,
 * length, stop bytes or CRC. Returns the packet and how many bytes it took.
 */
export function framePacket(buf: Buffer): { packet: Gt06Packet; size: number } | null {
  for (let i = 0; i < Math.min(2, buf.length); i++) {
    if (buf[i] !== buf[0] || (buf[0] !== 0x78 && buf[0] !== 0x79)) {
      throw new DecodeError('BAD_PREAMBLE', 'A GT06 packet must start with 0x7878 or 0x7979.');
    }
  }
  const extended = buf[0] === 0x79;
  const head = extended ? 4 : 3;
  if (buf.length < head) return null;
  const length = extended ? buf.readUInt16BE(2) : buf[2]!;
  if (length < MIN_LENGTH || length > MAX_EXTENDED_LENGTH) {
    throw new DecodeError(
      'INVALID_LENGTH',
      `The GT06 packet length ${length} is not 5 to ${MAX_EXTENDED_LENGTH}.`,
    );
  }
  const size = head + length + 2;
  if (buf.length < size) return null;
  if (buf[size - 2] !== STOP[0] || buf[size - 1] !== STOP[1]) {
    throw new DecodeError(
      'INVALID_LENGTH',
      'The GT06 packet does not end with 0x0D0A where its length says.',
    );
  }
  const crcAt = head + length - 2;
  const sent = buf.readUInt16BE(crcAt);
  const computed = crcItu(buf.subarray(2, crcAt));
  if (sent !== computed) {
    throw new DecodeError(
      'CRC_MISMATCH',
      `The GT06 packet CRC is 0x${sent.toString(16)} but its bytes sum to 0x${computed.toString(16)}.`,
    );
  }
  const packet: Gt06Packet = {
    protocol: buf[head]!,
    content: Buffer.from(buf.subarray(head + 1, crcAt - 2)),
    serial: buf.readUInt16BE(crcAt - 2),
    extended,
  };
  return { packet, size };
}

/** Builds a packet (server reply or, in the simulator, a device message) with its CRC. */
export function buildPacket(protocol: number, content: Uint8Array, serial: number, extended = false): Buffer {
  const length = 1 + content.length + 4;
  const head = extended
    ? Buffer.from([0x79, 0x79, length >> 8, length & 0xff])
    : Buffer.from([0x78, 0x78, length]);
  if (!extended && length > 0xff) throw new RangeError('A 0x7878 packet holds at most 250 content bytes.');
  const body = Buffer.concat([
    head,
    Buffer.from([protocol]),
    content,
    Buffer.from([serial >> 8, serial & 0xff]),
  ]);
  const crc = crcItu(body.subarray(2));
  return Buffer.concat([body, Buffer.from([crc >> 8, crc & 0xff]), Buffer.from(STOP)]);
}
