import { clip } from '../numbers';
import { DecodeError } from '../position';
import { BaseDeviceSession, type DeviceFrame } from '../session/device-session';
import { LineFramer } from '../session/line-framer';
import { decodeQueclinkReport, isQueclinkReport } from './decode';

const MAX_MESSAGE = 4096;

/** The server's acknowledgement of a report: `+SACK:<count>$` (the device resends unacknowledged ones). */
export const queclinkSack = (count: string): Buffer => Buffer.from(`+SACK:${count}$`, 'latin1');

/**
 * The framing state machine of one Queclink @Track connection: comma-separated messages ending in
 * `$`: `+RESP:` and `+BUFF:` reports, `+ACK:` answers and heartbeats.
 */
export class QueclinkSession extends BaseDeviceSession {
  readonly protocol = 'queclink' as const;
  private readonly lines = new LineFramer([0x24], MAX_MESSAGE);

  push(chunk: Buffer): DeviceFrame[] {
    if (!this.canContinue) return [];
    this.lines.append(chunk);
    const frames: DeviceFrame[] = [];
    try {
      for (let message = this.lines.next(); message !== null; message = this.lines.next()) {
        const text = message.replace(/^[\r\n ]+/, '');
        if (text === '') continue;
        if (!text.startsWith('+')) {
          throw new DecodeError(
            'BAD_PREAMBLE',
            `A Queclink message must start with "+", got "${clip(text, 16)}".`,
          );
        }
        const frame = this.decode(text);
        if (frame.type !== 'refused' && frame.type !== 'error' && frame.identifier)
          this.bind(frame.identifier, 'INVALID_DEVICE_ID', 'A Queclink connection may not change its IMEI.');
        frames.push(frame);
      }
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      frames.push(this.fail(error));
    }
    return frames;
  }

  private decode(text: string): DeviceFrame {
    const fields = text.split(',');
    const [prefix, type = ''] = fields[0]!.split(':');
    const identifier = fields[2] && /^\d{8,20}$/.test(fields[2]) ? fields[2] : null;
    const count = fields[fields.length - 1]!;
    const sack = /^[0-9A-Fa-f]{4}$/.test(count) ? queclinkSack(count) : null;
    if (prefix === '+ACK' && type === 'GTHBD') {
      return {
        type: 'heartbeat',
        identifier,
        attributes: {},
        reply: Buffer.from(`+SACK:GTHBD,${fields[1] ?? ''},${count}$`, 'latin1'),
      };
    }
    if (prefix === '+ACK') return { type: 'answer', identifier, kind: type, text, reply: sack };
    if ((prefix === '+RESP' || prefix === '+BUFF') && isQueclinkReport(type)) {
      try {
        const positions = decodeQueclinkReport(fields, prefix === '+BUFF');
        return { type: 'positions', identifier: positions[0]!.deviceIdentifier, positions, reply: sack };
      } catch (error) {
        if (error instanceof DecodeError) return { type: 'refused', error };
        throw error;
      }
    }
    return { type: 'unknown', identifier, kind: clip(`${prefix}:${type}`, 16), reply: sack };
  }
}
