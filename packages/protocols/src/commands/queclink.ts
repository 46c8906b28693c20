import { CommandEncodeError, type CommandProfile, checkCommandText, type DeviceCommand } from './types';

/**
 * The @Track text a Queclink device obeys. Output 1 (the immobiliser relay on GV-series wiring) is
 * driven by `AT+GTOUT=<password>,<status>,,,0,0,0,0,0,0,0,,,,,,,<serial>$`: status 1 cuts, 0 restores;
 * the 4-hex-digit serial comes back in the device's `+ACK:GTOUT`, which ties the answer to the command.
 */
export function queclinkCommandText(
  command: DeviceCommand,
  profile: CommandProfile = {},
  serial = 0xffff,
): string {
  const password = profile.password ?? 'gv300';
  if (!/^[A-Za-z0-9]{0,20}$/.test(password))
    throw new CommandEncodeError(
      'COMMAND_NOT_SUPPORTED',
      'A Queclink password is up to 20 letters or digits.',
    );
  const tail = `,0,0,0,0,0,0,0,,,,,,,${(serial & 0xffff).toString(16).toUpperCase().padStart(4, '0')}$`;
  if (command.type === 'engine_block') return `AT+GTOUT=${password},1,,${tail}`;
  if (command.type === 'engine_unblock') return `AT+GTOUT=${password},0,,${tail}`;
  return checkCommandText(command.text, 300);
}

/** The bytes of a Queclink command on its TCP session (the text as is: `$` ends it). */
export function encodeQueclinkCommand(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
