import { DecodeError } from '../position';
import { crc16Ibm } from '../teltonika/crc16';

/** Codec 12, Teltonika's GPRS command codec (server → device type 0x05, device → server type 0x06). */
export const CODEC_12 = 0x0c;
const TYPE_COMMAND = 0x05;
const TYPE_RESPONSE = 0x06;

/**
 * A Codec 12 command packet: preamble, data size, codec 0x0C, quantity 1, type 0x05, text size,
 * the text, quantity 1, CRC-16/IBM over codec … quantity (4 bytes, top two zero). The text goes as
 * given (Teltonika's wiki sends `getinfo` without a line end).
 */
export function encodeCodec12Command(text: string): Buffer {
  return encodeCodec12(TYPE_COMMAND, Buffer.from(text, 'latin1'));
}

/** A Codec 12 response packet (type 0x06), as a device sends it: the fleet simulator and tests. */
export function encodeCodec12Response(text: string): Buffer {
  return encodeCodec12(TYPE_RESPONSE, Buffer.from(text, 'latin1'));
}

function encodeCodec12(type: number, body: Buffer): Buffer {
  const data = Buffer.alloc(8 + body.length);
  data.writeUInt8(CODEC_12, 0);
  data.writeUInt8(1, 1);
  data.writeUInt8(type, 2);
  data.writeUInt32BE(body.length, 3);
  body.copy(data, 7);
  data.writeUInt8(1, 7 + body.length);
  const packet = Buffer.alloc(8 + data.length + 4);
  packet.writeUInt32BE(data.length, 4);
  data.copy(packet, 8);
  packet.writeUInt32BE(crc16Ibm(data), 8 + data.length);
  return packet;
}

/**
 * The text of a Codec 12 data field (codec … quantity 2, CRC already checked). Devices answer with
 * type 0x06; a type 0x05 here means the device echoed a command, which we refuse like junk.
 */
export function decodeCodec12Data(data: Buffer): { type: 'command' | 'response'; text: string } {
  if (data.length < 8)
    throw new DecodeError('INVALID_LENGTH', `A Codec 12 packet of ${data.length} bytes is too short.`);
  const quantity = data[1];
  const type = data[2];
  const size = data.readUInt32BE(3);
  if (quantity !== 1 || data[data.length - 1] !== 1)
    throw new DecodeError(
      'INVALID_LENGTH',
      `A Codec 12 packet must carry exactly one message, not ${quantity}.`,
    );
  if (size !== data.length - 8)
    throw new DecodeError(
      'INVALID_LENGTH',
      `The Codec 12 message announces ${size} bytes but the packet holds ${data.length - 8}.`,
    );
  if (type !== TYPE_RESPONSE && type !== TYPE_COMMAND)
    throw new DecodeError(
      'UNKNOWN_CODEC',
      `Codec 12 message type 0x${type.toString(16)} is not a command or a response.`,
    );
  return {
    type: type === TYPE_RESPONSE ? 'response' : 'command',
    text: data.subarray(7, 7 + size).toString('latin1'),
  };
}
