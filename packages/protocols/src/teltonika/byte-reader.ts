import { DecodeError } from '../position';

/** Reads big-endian fields from a buffer, refusing to read past its end. */
export class ByteReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  u8(): number {
    return this.buf.readUInt8(this.take(1));
  }

  u16(): number {
    return this.buf.readUInt16BE(this.take(2));
  }

  i16(): number {
    return this.buf.readInt16BE(this.take(2));
  }

  u32(): number {
    return this.buf.readUInt32BE(this.take(4));
  }

  i32(): number {
    return this.buf.readInt32BE(this.take(4));
  }

  u64(): bigint {
    return this.buf.readBigUInt64BE(this.take(8));
  }

  bytes(length: number): Buffer {
    const start = this.take(length);
    return this.buf.subarray(start, start + length);
  }

  private take(length: number): number {
    if (length > this.remaining) {
      throw new DecodeError(
        'MALFORMED_RECORD',
        `AVL data ends ${length - this.remaining} byte(s) short of the field it declares.`,
      );
    }
    const start = this.offset;
    this.offset += length;
    return start;
  }
}
