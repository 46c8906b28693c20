/** What an operator can ask a device to do. */
export const COMMAND_TYPES = ['engine_block', 'engine_unblock', 'custom'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** The protocols with a command encoder. */
export const COMMAND_PROTOCOLS = ['teltonika', 'gt06', 'h02', 'suntech', 'queclink'] as const;
export type CommandProtocol = (typeof COMMAND_PROTOCOLS)[number];

/** A command as the encoders see it: its type and, for `custom`, the text to send verbatim. */
export interface DeviceCommand {
  type: CommandType;
  /** The text of a custom command (printable ASCII). */
  text?: string;
}

/**
 * How one device (or the fleet's default) is set up to obey commands: which output drives the
 * immobiliser, its password, the command dialect of its firmware. Every field has a default.
 */
export interface CommandProfile {
  /** Teltonika: the text that cuts the engine (default `setdigout 1`). */
  teltonikaBlock?: string;
  /** Teltonika: the text that restores it (default `setdigout 0`). */
  teltonikaUnblock?: string;
  /** GT06: `relay` sends `Relay,1#`/`Relay,0#`; `dyd` sends `DYD,<password>#`/`HFYD,<password>#`. */
  gt06Variant?: 'relay' | 'dyd';
  /** Suntech: `st300` (`ST300CMD;<id>;02;Enable1`) or `universal` (`CMD;<id>;04;01`). */
  suntechVariant?: 'st300' | 'universal';
  /** The device password (GT06 `dyd` variant, Queclink @Track; Queclink's factory default is `gv300`). */
  password?: string;
}

/** A command rendered for one device: the text it carries and the bytes written to the session. */
export interface EncodedCommand {
  /** The command text (what the device reads). */
  text: string;
  /** What to write to the device's open session. */
  bytes: Buffer;
  /** What the operator would type in an SMS to the device's SIM instead. */
  sms: string;
}

/** Refusal of a command the encoders cannot render (unsupported, or custom text unusable). */
export class CommandEncodeError extends Error {
  constructor(
    readonly code: 'COMMAND_NOT_SUPPORTED' | 'INVALID_COMMAND_TEXT',
    message: string,
  ) {
    super(message);
    this.name = 'CommandEncodeError';
  }
}

/** Printable ASCII (space … tilde) plus CR/LF, 1 to 500 characters: what every protocol here can carry. */
export function checkCommandText(text: string | undefined, max = 500): string {
  if (text === undefined || text.trim() === '')
    throw new CommandEncodeError('INVALID_COMMAND_TEXT', 'A custom command needs its text.');
  if (text.length > max)
    throw new CommandEncodeError(
      'INVALID_COMMAND_TEXT',
      `A custom command is at most ${max} characters; this one has ${text.length}.`,
    );
  if (!/^[\x20-\x7e\r\n]+$/.test(text))
    throw new CommandEncodeError(
      'INVALID_COMMAND_TEXT',
      'A custom command may only hold printable ASCII characters (no accents, no control characters).',
    );
  return text;
}

/** One open device connection, as a listener offers it to the command dispatcher. */
export interface CommandSessionLink {
  /** The identifier the device announced (IMEI, device id). */
  identifier: string;
  protocol: CommandProtocol;
  /** Writes bytes to the device after whatever the session is writing now; false if it is closed. */
  write(bytes: Buffer): boolean;
  /**
   * False while the device cannot be written to although its session is open (a UDP device between
   * its datagrams): commands wait until the listener calls `writable()` on the handle. Absent: always.
   */
  writable?(): boolean;
}

/** What the dispatcher gives a session back: where to report the device's answers and the close. */
export interface CommandSessionHandle {
  /** The device answered a command (the text of its Codec 12 response, `+ACK`, `CMD;Res`, H02 `V4`…). */
  answered(text: string): void;
  /** The link can take writes again (a UDP device sent a datagram): what waits is delivered now. */
  writable(): void;
  closed(): void;
}

/**
 * The command side of a device listener: each session opened after a successful handshake is
 * offered here; queued commands are then written to it and its answers reported back.
 */
export interface CommandSessions {
  open(link: CommandSessionLink): CommandSessionHandle;
}
