import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';

/** The tracker protocols framed by a `DeviceSession` (Teltonika has its own session). */
export type TrackerProtocol = 'gt06' | 'h02' | 'suntech' | 'queclink';

/**
 * What a device session recognised in the bytes pushed to it. `reply` is what the server answers:
 * after authenticating the device for `login`, only after the positions are committed for
 * `positions`, at once for the rest. `null` means the protocol expects no answer.
 */
export type DeviceFrame =
  /** The device said who it is (GT06 login). */
  | { type: 'login'; identifier: string; reply: Buffer | null }
  /** Fixes to store; `identifier` is the device that sent them. */
  | { type: 'positions'; identifier: string; positions: DecodedPosition[]; reply: Buffer | null }
  /** Keep-alive or status without a fix; `attributes` holds what it reported (ignition, battery…). */
  | {
      type: 'heartbeat';
      identifier: string | null;
      attributes: Record<string, AttributeValue>;
      reply: Buffer | null;
    }
  /** The device's answer to a command sent to it (GT06 0x15/0x21, Queclink +ACK, Suntech CMD/RES). */
  | { type: 'answer'; identifier: string | null; kind: string; text: string; reply: Buffer | null }
  /** A well-formed message we do not decode: count and log it, the session goes on. */
  | { type: 'unknown'; identifier: string | null; kind: string; reply: Buffer | null }
  /** One message was malformed and nothing of it is stored; the session goes on (text framing). */
  | { type: 'refused'; error: DecodeError }
  /** The stream is broken; the session accepts nothing more, so close the socket. */
  | { type: 'error'; error: DecodeError };

/** The framing state machine of one tracker connection: bytes in, frames out, no sockets. */
export interface DeviceSession {
  readonly protocol: TrackerProtocol;
  /** The device this connection speaks for, once known. */
  readonly identifier: string | null;
  /** False after an error frame: close the socket. */
  readonly canContinue: boolean;
  /** Feeds bytes as they arrive (any split); returns the frames they complete, in order. */
  push(chunk: Buffer): DeviceFrame[];
  /** Queues bytes for the device (an encoded command); the listener writes them between frames. */
  enqueue(bytes: Buffer): void;
  /** The queued bytes, in order, emptying the queue. */
  takeOutgoing(): Buffer[];
}

/**
 * What every tracker session shares: the device it is bound to (one per connection), the broken
 * state, and the outgoing queue the listener drains between frames. Each protocol adds its framing.
 */
export abstract class BaseDeviceSession implements DeviceSession {
  abstract readonly protocol: TrackerProtocol;
  private identified: string | null = null;
  private failed = false;
  private queued: Buffer[] = [];

  get identifier(): string | null {
    return this.identified;
  }

  get canContinue(): boolean {
    return !this.failed;
  }

  abstract push(chunk: Buffer): DeviceFrame[];

  enqueue(bytes: Buffer): void {
    this.queued.push(bytes);
  }

  takeOutgoing(): Buffer[] {
    const out = this.queued;
    this.queued = [];
    return out;
  }

  /**
   * Binds the connection to the device that first names itself; another name later breaks the stream
   * (`code` and `message` say how, in the protocol's words).
   */
  protected bind(identifier: string, code: DecodeError['code'], message: string): void {
    if (this.identified !== null && this.identified !== identifier) throw new DecodeError(code, message);
    this.identified = identifier;
  }

  /** Marks the stream broken: the returned frame tells the listener to close. */
  protected fail(error: DecodeError): DeviceFrame {
    this.failed = true;
    return { type: 'error', error };
  }
}
