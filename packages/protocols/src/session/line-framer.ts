import { DecodeError } from '../position';
import { ByteQueue } from '../teltonika/byte-queue';

/**
 * Splits a text stream into messages ending at `terminator`. A message longer than `maxLength` without
 * its terminator is junk we refuse to buffer (a PACKET_TOO_LARGE error breaks the stream).
 */
export class LineFramer {
  private readonly queue = new ByteQueue();

  constructor(
    private readonly terminators: number[],
    private readonly maxLength: number,
  ) {}

  append(chunk: Buffer): void {
    this.queue.append(chunk);
  }

  get length(): number {
    return this.queue.length;
  }

  /** The first queued bytes (a view), for protocols that mix text with binary frames. */
  peek(length: number): Buffer {
    return this.queue.peek(length);
  }

  consume(length: number): void {
    this.queue.consume(length);
  }

  /** The next complete message without its terminator, or null when more bytes are needed. */
  next(): string | null {
    const view = this.queue.peek(this.queue.length);
    let end = -1;
    for (let i = 0; i < view.length && i <= this.maxLength; i++) {
      if (this.terminators.includes(view[i]!)) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      if (view.length > this.maxLength) {
        throw new DecodeError(
          'PACKET_TOO_LARGE',
          `No message terminator within ${this.maxLength} bytes; this is not the expected protocol.`,
        );
      }
      return null;
    }
    const text = view.subarray(0, end).toString('latin1');
    this.queue.consume(end + 1);
    return text;
  }
}
