import { suntechCommandAnswer } from '../commands/answers';
import { clip } from '../numbers';
import { DecodeError } from '../position';
import { BaseDeviceSession, type DeviceFrame } from '../session/device-session';
import { LineFramer } from '../session/line-framer';
import { decodeSuntechFixed, decodeSuntechUniversal, SUNTECH_REPORTS } from './decode';

const MAX_LINE = 2048;

/**
 * The framing state machine of one Suntech connection: `;`-separated text reports ending in CR,
 * in the fixed (`ST300STT;…`) or the universal (`STT;id;mask;…`) layout.
 */
export class SuntechSession extends BaseDeviceSession {
  readonly protocol = 'suntech' as const;
  private readonly lines = new LineFramer([0x0d, 0x0a], MAX_LINE);

  push(chunk: Buffer): DeviceFrame[] {
    if (!this.canContinue) return [];
    this.lines.append(chunk);
    const frames: DeviceFrame[] = [];
    try {
      if (this.lines.length > 0 && this.lines.peek(1)[0]! >= 0x80) {
        throw new DecodeError(
          'BAD_PREAMBLE',
          'Binary Suntech reports are not supported; set the device to the text protocol.',
        );
      }
      for (let line = this.lines.next(); line !== null; line = this.lines.next()) {
        if (line.trim() === '') continue;
        const frame = this.decode(line);
        if ((frame.type === 'positions' || frame.type === 'heartbeat') && frame.identifier)
          this.bind(
            frame.identifier,
            'INVALID_DEVICE_ID',
            'A Suntech connection may not change its device id.',
          );
        frames.push(frame);
      }
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      frames.push(this.fail(error));
    }
    return frames;
  }

  private decode(line: string): DeviceFrame {
    const fields = line.split(';');
    const header = fields[0]!;
    // Fixed layout: a model prefix (SA200, ST300, …) before the type; universal: the type alone.
    const universal = SUNTECH_REPORTS.has(header) || header === 'ALV' || header === 'RES' || header === 'CMD';
    const type = universal ? header : header.replace(/^(SA|ST)\d{3}/, '');
    // The ST300 answer puts "Res" before the device id (`ST300CMD;Res;<id>;…`); the rest put the id first.
    const answerOfSt300 = type === 'CMD' && fields[1] === 'Res';
    const idField = answerOfSt300 ? fields[2] : fields[1];
    const identifier = idField ? idField : null;
    if (type === 'ALV') return { type: 'heartbeat', identifier, attributes: {}, reply: null };
    if (type === 'RES' || answerOfSt300) {
      const text = suntechCommandAnswer(line);
      if (text !== null) return { type: 'answer', identifier, kind: type, text, reply: null };
    }
    // A command echoed back (or any other CMD/RES shape) is no answer: count it, never close a command on it.
    if (type === 'RES' || type === 'CMD') return { type: 'unknown', identifier, kind: type, reply: null };
    if (!SUNTECH_REPORTS.has(type) || (universal && type !== 'STT' && type !== 'ALT' && type !== 'EMG')) {
      return { type: 'unknown', identifier, kind: clip(header, 16), reply: null };
    }
    try {
      const position = universal ? decodeSuntechUniversal(type, fields) : decodeSuntechFixed(type, fields);
      return { type: 'positions', identifier: position.deviceIdentifier, positions: [position], reply: null };
    } catch (error) {
      if (error instanceof DecodeError) return { type: 'refused', error };
      throw error;
    }
  }
}
