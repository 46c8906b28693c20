import { clip } from '../numbers';
import { DecodeError } from '../position';
import { BaseDeviceSession, type DeviceFrame } from '../session/device-session';
import { ByteQueue } from '../teltonika/byte-queue';
import { decodeH02Binary, decodeH02Text } from './decode';

const MAX_TEXT = 1024;
// Binary reports are 32 bytes, or 45 on devices that append cell and fuel data.
const SHORT = 32;
const LONG = 45;
const isStart = (byte: number | undefined) => byte === 0x24 || byte === 0x2a;

/** The framing state machine of one H02 connection: text `*HQ,…#` reports and binary `$…` reports. */
export class H02Session extends BaseDeviceSession {
  readonly protocol = 'h02' as const;
  private readonly queue = new ByteQueue();
  private binaryLength: number | null = null;

  push(chunk: Buffer): DeviceFrame[] {
    if (!this.canContinue) return [];
    this.queue.append(chunk);
    const frames: DeviceFrame[] = [];
    for (;;) {
      // Devices end text reports with CR LF or nothing: skip whitespace between reports.
      while (this.queue.length > 0 && [0x0d, 0x0a, 0x20].includes(this.queue.peek(1)[0]!))
        this.queue.consume(1);
      if (this.queue.length === 0) return frames;
      try {
        const frame = this.queue.peek(1)[0] === 0x24 ? this.nextBinary() : this.nextText();
        if (frame === null) return frames;
        if ((frame.type === 'positions' || frame.type === 'heartbeat') && frame.identifier)
          this.bind(frame.identifier, 'INVALID_DEVICE_ID', 'An H02 connection may not change its device id.');
        frames.push(frame);
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        frames.push(this.fail(error));
        return frames;
      }
    }
  }

  private nextText(): DeviceFrame | null {
    const view = this.queue.peek(MAX_TEXT + 1);
    if (view[0] !== 0x2a) {
      throw new DecodeError('BAD_PREAMBLE', 'An H02 report must start with "*" (text) or "$" (binary).');
    }
    const end = view.indexOf(0x23);
    if (end < 0) {
      if (view.length > MAX_TEXT) {
        throw new DecodeError('PACKET_TOO_LARGE', `An H02 text report is longer than ${MAX_TEXT} bytes.`);
      }
      return null;
    }
    const text = view.subarray(1, end).toString('latin1');
    this.queue.consume(end + 1);
    const fields = text.split(',');
    const kind = (fields[2] ?? '').toUpperCase();
    const identifier = fields[1] ? fields[1] : null;
    try {
      if (kind === 'V1') {
        const position = decodeH02Text(fields);
        return {
          type: 'positions',
          identifier: position.deviceIdentifier,
          positions: [position],
          reply: null,
        };
      }
    } catch (error) {
      if (error instanceof DecodeError) return { type: 'refused', error };
      throw error;
    }
    if (kind === 'V4')
      return { type: 'answer', identifier, kind, text: fields.slice(3).join(','), reply: null };
    if (kind === 'LINK' || kind === 'HTBT')
      return { type: 'heartbeat', identifier, attributes: {}, reply: null };
    return { type: 'unknown', identifier, kind: clip(kind || text, 16), reply: null };
  }

  private nextBinary(): DeviceFrame | null {
    const view = this.queue.peek(LONG + 1);
    if (this.binaryLength === null) {
      // The length is the device's: decide once, from what follows the first report.
      if (view.length < SHORT) return null;
      if (view.length === SHORT || isStart(view[SHORT])) this.binaryLength = SHORT;
      else if (view.length >= LONG) this.binaryLength = LONG;
      else return null;
    }
    if (view.length < this.binaryLength) return null;
    const packet = Buffer.from(view.subarray(0, this.binaryLength));
    this.queue.consume(this.binaryLength);
    const position = decodeH02Binary(packet);
    return { type: 'positions', identifier: position.deviceIdentifier, positions: [position], reply: null };
  }
}
