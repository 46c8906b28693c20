export * from './commands';
export { crcItu } from './gt06/crc-itu';
export { encodeGt06Location, encodeGt06Login, encodeGt06Status, type Gt06LocationInput } from './gt06/encode';
export { buildPacket as buildGt06Packet } from './gt06/packet';
export { Gt06Session, type Gt06SessionOptions } from './gt06/session';
export { GT06 } from './gt06/types';
export { encodeH02Answer, encodeH02Text, type H02ReportInput } from './h02/encode';
export { H02Session } from './h02/session';
export { decodeOsmAnd, type OsmAndRequest } from './osmand/decode';
export { decodeOwnTracks, type OwnTracksIdentity, parseOwnTracksTopic } from './owntracks';
export { type AttributeValue, type DecodedPosition, DecodeError, type DecodeErrorCode } from './position';
export { encodeQueclinkFri, type QueclinkReportInput, queclinkCount } from './queclink/encode';
export { QueclinkSession, queclinkSack } from './queclink/session';
export type { DeviceFrame, DeviceSession, TrackerProtocol } from './session/device-session';
export { encodeSuntechStt, type SuntechReportInput } from './suntech/encode';
export { SuntechSession } from './suntech/session';
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
export {
  decodeTeltonikaDatagram,
  encodeTeltonikaDatagram,
  type TeltonikaDatagram,
  teltonikaUdpAck,
} from './teltonika/udp';
