export {
  type AnswerOutcome,
  commandAnswerOutcome,
  queclinkCommandAnswer,
  suntechCommandAnswer,
} from './answers';
export { CODEC_12, decodeCodec12Data, encodeCodec12Command, encodeCodec12Response } from './codec12';
export { crcItu, encodeGt06Command, gt06CommandText } from './gt06';
export { encodeH02Command, h02CommandText, h02Time } from './h02';
export { encodeQueclinkCommand, queclinkCommandText } from './queclink';
export { renderCommand, supportsCommands, teltonikaCommandText } from './render';
export { encodeSuntechCommand, suntechCommandText } from './suntech';
export {
  COMMAND_PROTOCOLS,
  COMMAND_TYPES,
  CommandEncodeError,
  type CommandProfile,
  type CommandProtocol,
  type CommandSessionHandle,
  type CommandSessionLink,
  type CommandSessions,
  type CommandType,
  checkCommandText,
  type DeviceCommand,
  type EncodedCommand,
} from './types';
