import { CommandEncodeError, checkCommandText, type DeviceCommand } from './types';

const pad = (n: number) => String(n).padStart(2, '0');

/** The server's UTC time as H02 commands carry it (`HHMMSS`); the device echoes it in its V4 answer. */
export function h02Time(now: Date): string {
  return `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
}

/**
 * The H02 text command a device obeys: `*HQ,<id>,<CMD>,<HHMMSS>,<parameters…>#`. The block is S20
 * with `1,1` (cut the oil/power circuit), the unblock S20 with `1,0`. A custom text is either a whole
 * `*…#` command sent as is, or `<CMD>[,<parameters>]` (`S71,22,10`) framed with the id and the time.
 */
export function h02CommandText(command: DeviceCommand, deviceId: string, now: Date = new Date()): string {
  if (!/^\d{1,20}$/.test(deviceId))
    throw new CommandEncodeError(
      'COMMAND_NOT_SUPPORTED',
      `An H02 device id is digits only, not "${deviceId}".`,
    );
  const frame = (name: string, parameters: string[]) =>
    `*HQ,${deviceId},${[name, h02Time(now), ...parameters].join(',')}#`;
  if (command.type === 'engine_block') return frame('S20', ['1', '1']);
  if (command.type === 'engine_unblock') return frame('S20', ['1', '0']);
  const text = checkCommandText(command.text, 200).trim();
  if (text.startsWith('*')) {
    if (!/^\*[^*#\r\n]+#$/.test(text))
      throw new CommandEncodeError(
        'INVALID_COMMAND_TEXT',
        'A whole H02 command starts with "*", ends with "#" and holds neither in between (e.g. *HQ,<id>,S71,120000,22,10#).',
      );
    return text;
  }
  if (!/^[A-Za-z][A-Za-z0-9]{0,7}(,[^*#\r\n]*)?$/.test(text))
    throw new CommandEncodeError(
      'INVALID_COMMAND_TEXT',
      'An H02 command is its name and parameters, e.g. "S71,22,10" (no "*", "#" or line breaks).',
    );
  const [name, ...parameters] = text.split(',');
  return frame(name!.toUpperCase(), parameters);
}

/** The bytes of an H02 command on its TCP session (the text as is: `#` ends it). */
export function encodeH02Command(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
