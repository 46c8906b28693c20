import { DecodeError } from '../position';
import { BaseDeviceSession, type DeviceFrame } from '../session/device-session';
import { ByteQueue } from '../teltonika/byte-queue';
import { decodeAnswer, decodeLocation, decodeStatus } from './decode';
import { buildPacket, framePacket, type Gt06Packet } from './packet';
import { GT06 } from './types';

export interface Gt06SessionOptions {
  /**
   * Minutes the device clock runs ahead of UTC when its login does not say (most GT06 devices keep
   * UTC; some are set to local time by SMS). A login carrying a time zone overrides it.
   */
  clockOffsetMinutes?: number;
  /** The server clock, for time requests (0x8A). */
  now?: () => Date;
}

/**
 * The framing state machine of one GT06 connection: a login (IMEI), then location, status and alarm
 * packets, each with a serial number the server echoes in its acknowledgement.
 */
export class Gt06Session extends BaseDeviceSession {
  readonly protocol = 'gt06' as const;
  private readonly queue = new ByteQueue();
  private offsetMinutes: number;
  private serial = 0;

  constructor(private readonly options: Gt06SessionOptions = {}) {
    super();
    this.offsetMinutes = options.clockOffsetMinutes ?? 0;
  }

  /** Minutes the device clock is ahead of UTC, as configured or announced at login. */
  get clockOffsetMinutes(): number {
    return this.offsetMinutes;
  }

  /** The next serial number for a server-initiated packet (commands). */
  nextSerial(): number {
    this.serial = (this.serial + 1) & 0xffff;
    return this.serial;
  }

  push(chunk: Buffer): DeviceFrame[] {
    if (!this.canContinue) return [];
    this.queue.append(chunk);
    const frames: DeviceFrame[] = [];
    for (;;) {
      try {
        const framed = framePacket(this.queue.peek(this.queue.length));
        if (framed === null) return frames;
        const frame = this.handle(framed.packet);
        this.queue.consume(framed.size);
        frames.push(frame);
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        frames.push(this.fail(error));
        return frames;
      }
    }
  }

  private handle(packet: Gt06Packet): DeviceFrame {
    const { protocol, content, serial } = packet;
    const ack = () => buildPacket(protocol, Buffer.alloc(0), serial);
    if (protocol === GT06.LOGIN) return this.login(content, ack());
    const identifier = this.identifier;
    if (identifier === null) {
      throw new DecodeError('SESSION_FAILED', 'A GT06 device must log in (0x01) before sending data.');
    }
    switch (protocol) {
      case GT06.GPS_LBS:
      case GT06.GPS_LBS_EXTENDED:
        return {
          type: 'positions',
          identifier,
          positions: [decodeLocation(protocol, content, identifier, this.offsetMinutes)],
          reply: null,
        };
      case GT06.ALARM:
      case GT06.ALARM_EXTENDED:
        return {
          type: 'positions',
          identifier,
          positions: [decodeLocation(protocol, content, identifier, this.offsetMinutes)],
          reply: ack(),
        };
      case GT06.STATUS:
      case GT06.HEARTBEAT:
        return { type: 'heartbeat', identifier, attributes: decodeStatus(protocol, content), reply: ack() };
      case GT06.STRING_INFO:
      case GT06.COMMAND_ANSWER:
        return {
          type: 'answer',
          identifier,
          kind: `0x${protocol.toString(16)}`,
          text: decodeAnswer(protocol, content),
          reply: null,
        };
      case GT06.TIME_REQUEST:
        return {
          type: 'heartbeat',
          identifier,
          attributes: {},
          reply: buildPacket(protocol, timeContent(this.options.now?.() ?? new Date()), serial),
        };
      default:
        return {
          type: 'unknown',
          identifier,
          kind: `0x${protocol.toString(16).padStart(2, '0')}`,
          reply: null,
        };
    }
  }

  private login(content: Buffer, reply: Buffer): DeviceFrame {
    if (content.length < 8) {
      throw new DecodeError(
        'INVALID_IMEI',
        `The GT06 login holds ${content.length} bytes; the IMEI takes 8.`,
      );
    }
    const digits = content.subarray(0, 8).toString('hex');
    if (!/^\d{16}$/.test(digits)) {
      throw new DecodeError('INVALID_IMEI', `The GT06 login IMEI ${digits} is not decimal BCD.`);
    }
    const imei = digits.replace(/^0/, '');
    this.bind(imei, 'INVALID_IMEI', 'A GT06 connection may not change its IMEI.');
    // Type identifier (2 bytes), then time zone and language: bits 15-4 hours×100+minutes, bit 3 west.
    if (content.length >= 12) {
      const zone = content.readUInt16BE(10);
      const value = zone >> 4;
      const minutes = Math.floor(value / 100) * 60 + (value % 100);
      if (minutes <= 14 * 60) this.offsetMinutes = zone & 0x08 ? -minutes : minutes;
    }
    return { type: 'login', identifier: imei, reply };
  }
}

function timeContent(now: Date): Buffer {
  return Buffer.from([
    now.getUTCFullYear() - 2000,
    now.getUTCMonth() + 1,
    now.getUTCDate(),
    now.getUTCHours(),
    now.getUTCMinutes(),
    now.getUTCSeconds(),
  ]);
}
