import { CODEC_12, decodeCodec12Data } from '../commands/codec12';
import { clip } from '../numbers';
import { DecodeError } from '../position';
import { decodeAvlData } from './avl-decode';
import { ByteQueue } from './byte-queue';
import { crc16Ibm } from './crc16';
import { CODEC_8, CODEC_8_EXTENDED, type TeltonikaFrame } from './types';

/** Reply to an accepted IMEI handshake. */
export const TELTONIKA_IMEI_ACCEPTED: Buffer = Buffer.from([0x01]);
/** Reply to a refused IMEI handshake (unknown device); then close the socket. */
export const TELTONIKA_IMEI_REJECTED: Buffer = Buffer.from([0x00]);

const IMEI_LENGTH = { min: 8, max: 20 }; // IMEIs are 15 digits; leave room for other serials, not for junk
const HEADER_LENGTH = 8; // preamble (4 zero bytes) + data field length (4)
const CRC_LENGTH = 4;
const MIN_DATA_LENGTH = 3; // codec id + N1 + N2
// An FMB device sends at most a few KiB per packet; anything larger is junk we refuse to buffer.
const MAX_DATA_LENGTH = 64 * 1024;

/**
 * The framing state machine of one Teltonika TCP connection: IMEI handshake, then AVL packets and the
 * device's Codec 12 answers to our commands.
 */
export class TeltonikaSession {
  private readonly queue = new ByteQueue();
  private identified: string | null = null;
  private failed = false;

  /** The IMEI the device announced, once it has. */
  get imei(): string | null {
    return this.identified;
  }

  /** False after an error frame: the stream cannot be resynchronised, close the socket. */
  get canContinue(): boolean {
    return !this.failed;
  }

  /** Feeds bytes as they arrive (any split); returns the frames they complete, in order. */
  push(chunk: Buffer): TeltonikaFrame[] {
    if (this.failed) return [];
    this.queue.append(chunk);
    const frames: TeltonikaFrame[] = [];
    for (;;) {
      try {
        const frame = this.identified === null ? this.nextImei() : this.nextPacket(this.identified);
        if (frame === null) return frames;
        frames.push(frame);
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        this.failed = true;
        frames.push({ type: 'error', error });
        return frames;
      }
    }
  }

  private nextImei(): TeltonikaFrame | null {
    if (this.queue.length < 2) return null;
    const length = this.queue.peek(2).readUInt16BE(0);
    if (length < IMEI_LENGTH.min || length > IMEI_LENGTH.max) {
      throw new DecodeError(
        'INVALID_IMEI',
        `The handshake announces a ${length}-byte IMEI; expected ${IMEI_LENGTH.min} to ${IMEI_LENGTH.max} digits.`,
      );
    }
    if (this.queue.length < 2 + length) return null;
    const imei = this.queue
      .peek(2 + length)
      .subarray(2)
      .toString('latin1');
    if (!/^\d+$/.test(imei)) {
      throw new DecodeError(
        'INVALID_IMEI',
        `The handshake IMEI "${clip(JSON.stringify(imei))}" is not all digits.`,
      );
    }
    this.queue.consume(2 + length);
    this.identified = imei;
    return { type: 'imei', imei };
  }

  private nextPacket(imei: string): TeltonikaFrame | null {
    const head = this.queue.peek(HEADER_LENGTH);
    // Check the preamble byte by byte as it arrives, so junk is refused before we wait for more.
    for (let i = 0; i < Math.min(4, head.length); i++) {
      if (head[i] !== 0) {
        throw new DecodeError('BAD_PREAMBLE', 'An AVL packet must start with four zero bytes.');
      }
    }
    if (head.length < HEADER_LENGTH) return null;
    const dataLength = head.readUInt32BE(4);
    if (dataLength < MIN_DATA_LENGTH) {
      throw new DecodeError(
        'INVALID_LENGTH',
        `The AVL data length ${dataLength} is too small for any packet.`,
      );
    }
    if (dataLength > MAX_DATA_LENGTH) {
      throw new DecodeError(
        'PACKET_TOO_LARGE',
        `The AVL data length ${dataLength} exceeds ${MAX_DATA_LENGTH} bytes.`,
      );
    }
    // The codec byte comes first: a device set to another codec hears why, not just "bad CRC".
    if (this.queue.length > HEADER_LENGTH) checkCodec(this.queue.peek(HEADER_LENGTH + 1)[HEADER_LENGTH]);
    const total = HEADER_LENGTH + dataLength + CRC_LENGTH;
    if (this.queue.length < total) return null;
    const packet = this.queue.peek(total);
    const data = packet.subarray(HEADER_LENGTH, HEADER_LENGTH + dataLength);
    const sent = packet.readUInt32BE(HEADER_LENGTH + dataLength);
    const computed = crc16Ibm(data);
    if (sent !== computed) {
      throw new DecodeError(
        'CRC_MISMATCH',
        `The AVL packet CRC is 0x${sent.toString(16)} but its data sums to 0x${computed.toString(16)}.`,
      );
    }
    if (data[0] === CODEC_12) {
      const message = decodeCodec12Data(data);
      if (message.type !== 'response')
        throw new DecodeError(
          'UNKNOWN_CODEC',
          'A device sent a Codec 12 command; only responses are expected.',
        );
      this.queue.consume(total);
      return { type: 'command-response', text: message.text };
    }
    const avl = decodeAvlData(data, imei);
    this.queue.consume(total);
    return { type: 'avl', ...avl };
  }
}

function checkCodec(codec: number): void {
  if (codec !== CODEC_8 && codec !== CODEC_8_EXTENDED && codec !== CODEC_12) {
    throw new DecodeError(
      'UNKNOWN_CODEC',
      `Codec 0x${codec.toString(16).padStart(2, '0')} is not supported; configure the device for Codec 8 or 8 Extended.`,
    );
  }
}

/** The reply to an AVL packet: the number of records accepted, 4 bytes big-endian. */
export function teltonikaAck(count: number): Buffer {
  const ack = Buffer.alloc(4);
  ack.writeUInt32BE(count);
  return ack;
}
