/** Attribute values a decoder may attach to a position (battery, ignition, io<ID>, event, …). */
export type AttributeValue = string | number | boolean;

/** One GPS fix in our normalised form: UTC time, degrees, km/h, metres. */
export interface DecodedPosition {
  /** OsmAnd id, OwnTracks "user/device" or Teltonika IMEI. */
  deviceIdentifier: string;
  /** Fix time (UTC). */
  fixedAt: Date;
  latitude: number;
  longitude: number;
  speedKmh: number | null;
  course: number | null;
  altitude: number | null;
  accuracy: number | null;
  attributes: Record<string, AttributeValue>;
}

/** Why a payload was refused; stable codes the ingest servers can count and log. */
export type DecodeErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_PAYLOAD'
  | 'MISSING_DEVICE_ID'
  | 'INVALID_DEVICE_ID'
  | 'MISSING_POSITION'
  | 'INVALID_NUMBER'
  | 'INVALID_COORDINATES'
  | 'INVALID_TIMESTAMP'
  | 'TOO_MANY_POSITIONS'
  | 'TOO_MANY_ATTRIBUTES'
  | 'INVALID_IMEI'
  | 'BAD_PREAMBLE'
  | 'INVALID_LENGTH'
  | 'PACKET_TOO_LARGE'
  | 'CRC_MISMATCH'
  | 'UNKNOWN_CODEC'
  | 'RECORD_COUNT_MISMATCH'
  | 'MALFORMED_RECORD'
  | 'SESSION_FAILED';

/** Wire input that cannot become a position. The message says what was wrong. */
export class DecodeError extends Error {
  readonly code: DecodeErrorCode;

  constructor(code: DecodeErrorCode, message: string) {
    super(message);
    this.name = 'DecodeError';
    this.code = code;
  }
}
