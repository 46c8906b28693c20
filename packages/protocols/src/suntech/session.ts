import { clip } from '../numbers';
import { DecodeError } from '../position';
import { type DeviceFrame, type DeviceSession, Outbox } from '../session/device-session';
import { LineFramer } from '../session/line-framer';
import { decodeSuntechFixed, decodeSuntechUniversal, SUNTECH_REPORTS } from './decode';

const MAX_LINE = 2048;

/**
 * The framing state machine of one Suntech connection: `;`-separated text reports ending in CR,
 * in the fixed (`ST300STT;…`) or the universal (`STT;id;mask;…`) layout.
 */
export class SuntechSession implements DeviceSession {
  readonly protocol = 'suntech' as const;
  private readonly lines = new LineFramer([0x0d, 0x0a], MAX_LINE);
  private readonly outbox = new Outbox();
  private identified: string | null = null;
  private failed = false;

  get identifier(): string | null {
    return this.identified;
  }

  get canContinue(): boolean {
    return !this.failed;
  }

  enqueue(bytes: Buffer): void {
    this.outbox.enqueue(bytes);
  }

  takeOutgoing(): Buffer[] {
    return this.outbox.takeOutgoing();
  }

  push(chunk: Buffer): DeviceFrame[] {
    if (this.failed) return [];
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
          this.bind(frame.identifier);
        frames.push(frame);
      }
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.failed = true;
      frames.push({ type: 'error', error });
    }
    return frames;
  }

  private bind(identifier: string): void {
    if (this.identified !== null && this.identified !== identifier) {
      throw new DecodeError('INVALID_DEVICE_ID', 'A Suntech connection may not change its device id.');
    }
    this.identified = identifier;
  }

  private decode(line: string): DeviceFrame {
    const fields = line.split(';');
    const header = fields[0]!;
    // Fixed layout: a model prefix (SA200, ST300, …) before the type; universal: the type alone.
    const universal = SUNTECH_REPORTS.has(header) || header === 'ALV' || header === 'RES' || header === 'CMD';
    const type = universal ? header : header.replace(/^(SA|ST)\d{3}/, '');
    const identifier = fields[1] ? fields[1] : null;
    if (type === 'ALV') return { type: 'heartbeat', identifier, attributes: {}, reply: null };
    if (type === 'RES' || type === 'CMD') {
      return { type: 'answer', identifier, kind: type, text: fields.slice(2).join(';'), reply: null };
    }
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
