import { CommandEncodeError, type CommandProfile, checkCommandText, type DeviceCommand } from './types';

// CRC-ITU as GT06 devices use it: CRC-16/X-25 (poly 0x1021 reflected = 0x8408, init and xorout 0xFFFF).
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
    table[byte] = crc;
  }
  return table;
})();

/** CRC-ITU (CRC-16/X-25) of a GT06 packet, computed from the length byte to the serial number. */
export function crcItu(buf: Uint8Array): number {
  let crc = 0xffff;
  for (let i = 0; i < buf.length; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xff];
  return (crc ^ 0xffff) & 0xffff;
}

/** The text a GT06-family device obeys for `command` (what also goes by SMS). */
export function gt06CommandText(command: DeviceCommand, profile: CommandProfile = {}): string {
  const dyd = profile.gt06Variant === 'dyd';
  const password = profile.password ?? '123456';
  if (command.type === 'engine_block') return dyd ? `DYD,${password}#` : 'Relay,1#';
  if (command.type === 'engine_unblock') return dyd ? `HFYD,${password}#` : 'Relay,0#';
  return checkCommandText(command.text, 200);
}

/**
 * A GT06 online command (protocol 0x80): 0x7878, length, 0x80, command length, a 4-byte server flag
 * (echoed in the device's 0x15 answer), the ASCII text, a 2-byte serial, CRC-ITU, 0x0D0A.
 */
export function encodeGt06Command(text: string, serial = 0, serverFlag = 0): Buffer {
  const body = Buffer.from(text, 'latin1');
  if (body.length > 200)
    throw new CommandEncodeError('INVALID_COMMAND_TEXT', 'A GT06 command is at most 200 bytes.');
  const packet = Buffer.alloc(2 + 1 + 1 + 1 + 4 + body.length + 2 + 2 + 2);
  packet.writeUInt16BE(0x7878, 0);
  packet.writeUInt8(1 + 1 + 4 + body.length + 2 + 2, 2);
  packet.writeUInt8(0x80, 3);
  packet.writeUInt8(4 + body.length, 4);
  packet.writeUInt32BE(serverFlag >>> 0, 5);
  body.copy(packet, 9);
  packet.writeUInt16BE(serial & 0xffff, 9 + body.length);
  packet.writeUInt16BE(crcItu(packet.subarray(2, 11 + body.length)), 11 + body.length);
  packet.writeUInt16BE(0x0d0a, 13 + body.length);
  return packet;
}
