export * from './commands';
export { decodeOsmAnd, type OsmAndRequest } from './osmand/decode';
export { decodeOwnTracks, type OwnTracksIdentity, parseOwnTracksTopic } from './owntracks';
export { type AttributeValue, type DecodedPosition, DecodeError, type DecodeErrorCode } from './position';
export { crc16Ibm } from './teltonika/crc16';
export {
  encodeTeltonikaCodec8,
  encodeTeltonikaImei,
  type TeltonikaIoInput,
  type TeltonikaRecordInput,
} from './teltonika/encode';
export {
  TELTONIKA_IMEI_ACCEPTED,
  TELTONIKA_IMEI_REJECTED,
  TeltonikaSession,
  teltonikaAck,
} from './teltonika/session';
export { CODEC_8, CODEC_8_EXTENDED, type TeltonikaCodec, type TeltonikaFrame } from './teltonika/types';
