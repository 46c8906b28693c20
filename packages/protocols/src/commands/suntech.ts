import { CommandEncodeError, type CommandProfile, checkCommandText, type DeviceCommand } from './types';

/**
 * The text a Suntech device obeys (a carriage return ends it on TCP). `st300` is the ST300/ST340
 * layout (`ST300CMD;<id>;02;Enable1` activates output 1, `Disable1` releases it); `universal` is the
 * newer one (`CMD;<id>;04;01` activates output 1, `CMD;<id>;04;02` deactivates it).
 */
export function suntechCommandText(
  command: DeviceCommand,
  deviceId: string,
  profile: CommandProfile = {},
): string {
  if (!/^\d{1,20}$/.test(deviceId))
    throw new CommandEncodeError(
      'COMMAND_NOT_SUPPORTED',
      `A Suntech device id is digits only, not "${deviceId}".`,
    );
  const universal = profile.suntechVariant === 'universal';
  if (command.type === 'engine_block')
    return universal ? `CMD;${deviceId};04;01` : `ST300CMD;${deviceId};02;Enable1`;
  if (command.type === 'engine_unblock')
    return universal ? `CMD;${deviceId};04;02` : `ST300CMD;${deviceId};02;Disable1`;
  return checkCommandText(command.text, 300).replace(/\r?\n$/, '');
}

/** The bytes of a Suntech command on its TCP session: the text and a carriage return. */
export function encodeSuntechCommand(text: string): Buffer {
  return Buffer.from(`${text}\r`, 'latin1');
}
