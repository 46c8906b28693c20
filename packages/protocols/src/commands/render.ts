import { encodeCodec12Command } from './codec12';
import { encodeGt06Command, gt06CommandText } from './gt06';
import { encodeH02Command, h02CommandText } from './h02';
import { encodeQueclinkCommand, queclinkCommandText } from './queclink';
import { encodeSuntechCommand, suntechCommandText } from './suntech';
import {
  COMMAND_PROTOCOLS,
  CommandEncodeError,
  type CommandProfile,
  type CommandProtocol,
  checkCommandText,
  type DeviceCommand,
  type EncodedCommand,
} from './types';

/** The text a Teltonika device obeys: the configured output commands, or the custom text. */
export function teltonikaCommandText(command: DeviceCommand, profile: CommandProfile = {}): string {
  if (command.type === 'engine_block') return checkCommandText(profile.teltonikaBlock ?? 'setdigout 1');
  if (command.type === 'engine_unblock') return checkCommandText(profile.teltonikaUnblock ?? 'setdigout 0');
  return checkCommandText(command.text);
}

/** True when `protocol` has a command encoder. */
export function supportsCommands(protocol: string): protocol is CommandProtocol {
  return (COMMAND_PROTOCOLS as readonly string[]).includes(protocol);
}

/**
 * Renders `command` for a device of `protocol` known as `identifier`: its text, the bytes for its
 * open session and the SMS an operator can send instead. Throws CommandEncodeError when the protocol
 * has no commands or the custom text cannot be carried. `now` is the server's clock (H02 commands carry
 * its UTC time).
 */
export function renderCommand(
  protocol: string,
  identifier: string,
  command: DeviceCommand,
  profile: CommandProfile = {},
  now: Date = new Date(),
): EncodedCommand {
  switch (protocol) {
    case 'teltonika': {
      const text = teltonikaCommandText(command, profile);
      // Teltonika SMS: "<login> <password> <command>"; with neither configured, two spaces lead.
      return { text, bytes: encodeCodec12Command(text), sms: `  ${text}` };
    }
    case 'gt06': {
      const text = gt06CommandText(command, profile);
      return { text, bytes: encodeGt06Command(text), sms: text };
    }
    case 'h02': {
      // H02 devices take the same *HQ text by SMS.
      const text = h02CommandText(command, identifier, now);
      return { text, bytes: encodeH02Command(text), sms: text };
    }
    case 'suntech': {
      const text = suntechCommandText(command, identifier, profile);
      return { text, bytes: encodeSuntechCommand(text), sms: text };
    }
    case 'queclink': {
      const text = queclinkCommandText(command, profile);
      return { text, bytes: encodeQueclinkCommand(text), sms: text };
    }
    default:
      throw new CommandEncodeError(
        'COMMAND_NOT_SUPPORTED',
        `Devices of protocol ${protocol} take no commands; commands exist for ${COMMAND_PROTOCOLS.join(', ')}.`,
      );
  }
}
