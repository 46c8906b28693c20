/**
 * Bytes received but not yet framed. Appends amortise to O(1) per byte, so a device that trickles a
 * 64 KiB packet one byte at a time does not make us copy the whole backlog on every chunk.
 */
export class ByteQueue {
  private buf = Buffer.alloc(0);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) this.makeRoom(chunk.length);
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** The first `length` queued bytes, without consuming them (a view, valid until the next append). */
  peek(length: number): Buffer {
    return this.buf.subarray(this.start, this.start + Math.min(length, this.length));
  }

  consume(length: number): void {
    this.start += Math.min(length, this.length);
    if (this.start === this.end) this.start = this.end = 0;
  }

  private makeRoom(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buf.length / 2) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2, 1024));
      this.buf.copy(grown, 0, this.start, this.end);
      this.buf = grown;
    }
    this.end = this.length;
    this.start = 0;
  }
}
