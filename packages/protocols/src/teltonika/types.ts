import type { DecodedPosition, DecodeError } from '../position';

/** Codec 8 (0x08) and Codec 8 Extended (0x8E), the AVL codecs we accept. */
export type TeltonikaCodec = 0x08 | 0x8e;

export const CODEC_8 = 0x08;
export const CODEC_8_EXTENDED = 0x8e;

/** What a TeltonikaSession recognised in the bytes pushed to it. */
export type TeltonikaFrame =
  /** The device said who it is; answer TELTONIKA_IMEI_ACCEPTED (or REJECTED). */
  | { type: 'imei'; imei: string }
  /** One AVL packet; after storing the records answer `teltonikaAck(count)`. */
  | { type: 'avl'; codec: TeltonikaCodec; records: DecodedPosition[]; count: number }
  /** The device's Codec 12 answer to a command we sent (no ACK is due). */
  | { type: 'command-response'; text: string }
  /** The stream is broken; the session accepts nothing more, so close the socket. */
  | { type: 'error'; error: DecodeError };
