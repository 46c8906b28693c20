import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { AppError } from '@pioneira/core';
import {
  type CommandSessions,
  DecodeError,
  type DeviceFrame,
  type DeviceSession,
  decodeTeltonikaDatagram,
  supportsCommands,
  teltonikaUdpAck,
} from '@pioneira/protocols';
import type { DeviceProtocol } from '../devices/device';
import type { IngestService } from '../ingest/ingest.service';
import type { TrackerNotice } from './tracker-server';
import { UdpCommandPeers } from './udp-commands';

/** Limits of one UDP port: what one source may send, and what the port holds in memory. */
export interface DatagramLimits {
  /** Datagrams larger than this are refused unread. */
  maxDatagramBytes: number;
  /** Datagrams per second one source address may send (its bucket holds twice this). */
  perAddressPerSecond: number;
  /** Datagrams of one source address being decoded and stored at once; more are dropped. */
  perAddressInFlight: number;
  /** Datagrams in flight on the whole port; more are dropped (storage is the bottleneck anyway). */
  maxInFlight: number;
  /** Source addresses whose rate is tracked; the least recently seen is forgotten beyond it. */
  maxTrackedAddresses: number;
}

export const DEFAULT_DATAGRAM_LIMITS: DatagramLimits = {
  maxDatagramBytes: 4096,
  perAddressPerSecond: 200,
  perAddressInFlight: 32,
  maxInFlight: 2_000,
  maxTrackedAddresses: 100_000,
};

/** Turns one datagram into frames: a decode failure is an `error` frame, never a throw. */
export type DatagramDecoder = (datagram: Buffer) => DeviceFrame[];

export interface UdpServerOptions {
  protocol: DeviceProtocol;
  decode: DatagramDecoder;
  host: string;
  port: number;
  limits?: Partial<DatagramLimits>;
  onError?: (error: unknown) => void;
  /** Told of command answers and of unknown or malformed datagrams (the latter already counted). */
  onNotice?: (notice: TrackerNotice) => void;
  /**
   * Remote commands for the devices of this port (text protocols with an encoder: H02, Suntech,
   * Queclink): a command goes to the source of the device's datagram just handled, or waits for its
   * next one. Teltonika takes none over UDP (Codec 12 is framed differently there).
   */
  commands?: CommandSessions;
}

/** The UDP ports on which devices take remote commands: their command bytes are the TCP ones. */
const UDP_COMMAND_PROTOCOLS = new Set(['h02', 'suntech', 'queclink']);

export interface UdpServer {
  socket: Socket;
  port: number;
  close(): Promise<void>;
}

/**
 * A text protocol over UDP: each datagram is framed by a fresh session of the protocol (a datagram
 * holds whole messages; `terminator` is added when the device leaves it off, as some do on UDP).
 */
export function sessionDecoder(createSession: () => DeviceSession, terminator?: Buffer): DatagramDecoder {
  return (datagram) => {
    const session = createSession();
    const last = datagram[datagram.length - 1];
    const complete = !terminator || last === undefined || terminator.includes(last) || last === 0x0a;
    return session.push(complete ? datagram : Buffer.concat([datagram, terminator]));
  };
}

/** Teltonika Codec 8 / 8E over UDP: one AVL packet per datagram, its ACK names the records committed. */
export const teltonikaDatagramDecoder: DatagramDecoder = (datagram) => {
  try {
    const packet = decodeTeltonikaDatagram(datagram);
    return [
      {
        type: 'positions',
        identifier: packet.imei,
        positions: packet.records,
        reply: teltonikaUdpAck(packet.packetId, packet.avlPacketId, packet.count),
      },
    ];
  } catch (error) {
    if (error instanceof DecodeError) return [{ type: 'error', error }];
    throw error;
  }
};

/**
 * One UDP port of a device protocol. Every datagram names its device and is checked like a TCP
 * message: a device registered for this protocol, fixes inside the window; positions are group-
 * committed and the reply (Teltonika's ACK, Queclink's +SACK) goes back to the sender only after
 * COMMIT. When storage is saturated or fails nothing is answered, so the device resends. A source
 * address is held to a rate and to a few datagrams in flight, so a flood from one sender is dropped
 * (counted) instead of queueing ahead of every other device; oversized and malformed datagrams are
 * refused and counted with nothing stored.
 */
export async function startUdpServer(ingest: IngestService, options: UdpServerOptions): Promise<UdpServer> {
  const { protocol } = options;
  const limits = { ...DEFAULT_DATAGRAM_LIMITS, ...options.limits };
  const sources = new SourceLimiter(limits);
  let inFlight = 0;
  const socket = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4' });
  socket.on('error', (error) => options.onError?.(error));
  const peers =
    options.commands && supportsCommands(protocol) && UDP_COMMAND_PROTOCOLS.has(protocol)
      ? new UdpCommandPeers(options.commands, protocol, (bytes, to) => reply(bytes, to))
      : undefined;
  const malformed = (identifier: string | null, error: DecodeError) => {
    ingest.refusals.count('malformed_message', protocol);
    options.onNotice?.({ kind: 'malformed', identifier, code: error.code, message: error.message });
  };
  socket.on('message', (datagram, from) => {
    if (datagram.length > limits.maxDatagramBytes) {
      malformed(
        null,
        new DecodeError(
          'PACKET_TOO_LARGE',
          `A datagram of ${datagram.length} bytes exceeds ${limits.maxDatagramBytes}.`,
        ),
      );
      return;
    }
    if (inFlight >= limits.maxInFlight || !sources.admit(from.address)) {
      ingest.refusals.count('rate_limited', protocol);
      return;
    }
    inFlight++;
    void handle(datagram, from)
      .catch((error) => options.onError?.(error))
      .finally(() => {
        inFlight--;
        sources.done(from.address);
      });
  });

  async function handle(datagram: Buffer, from: RemoteInfo): Promise<void> {
    let frames: DeviceFrame[];
    try {
      frames = options.decode(datagram);
    } catch (error) {
      // A decoder bug must not take the port down: the datagram is refused like a malformed one.
      options.onError?.(error);
      frames = [
        { type: 'error', error: new DecodeError('MALFORMED_RECORD', 'The datagram could not be decoded.') },
      ];
    }
    // A datagram speaks for one device: the first that names itself. Another name refuses the rest.
    let device: string | null = null;
    for (const frame of frames) {
      if (frame.type === 'error' || frame.type === 'refused') {
        malformed(device, frame.error);
        if (frame.type === 'error') return;
        continue;
      }
      const identifier = frame.identifier;
      if (identifier === null || (device !== null && identifier !== device)) {
        malformed(device, new DecodeError('INVALID_DEVICE_ID', 'A datagram must name one device.'));
        return;
      }
      if (device === null) {
        try {
          await ingest.authenticate(identifier, protocol);
        } catch (error) {
          // Unknown or of another protocol: counted by ingest, nothing answered. Storage trouble: reported.
          if (!(error instanceof AppError && error.status < 500)) options.onError?.(error);
          return;
        }
        device = identifier;
      }
      if (frame.type === 'positions') {
        if (!(await store(frame))) return;
      } else if (frame.type === 'answer') {
        // Only an answer from where the command went speaks for it (a datagram's source is not checked).
        const fromPeer = peers?.answered(identifier, from, frame.text) ?? false;
        options.onNotice?.({
          kind: 'answer',
          identifier,
          type: fromPeer ? frame.kind : `${frame.kind} (not from the command's address)`,
          text: frame.text,
        });
      } else if (frame.type === 'unknown') {
        ingest.refusals.count('unknown_message', protocol);
        options.onNotice?.({ kind: 'unknown', identifier, type: frame.kind });
      }
      if (frame.reply) reply(frame.reply, from);
    }
    // Answered: a command waiting for this device goes now, to where this datagram came from.
    if (device !== null) peers?.heard(device, from);
  }

  /** Commits the frame's fixes; false when nothing may be answered (the device resends). */
  async function store(frame: Extract<DeviceFrame, { type: 'positions' }>): Promise<boolean> {
    const { kept } = ingest.withinWindow(frame.positions, protocol);
    try {
      if (kept.length > 0) await ingest.submit(kept, protocol);
      return true;
    } catch (error) {
      // A 4xx (unstorable value, counted) can never succeed on a resend: answer and drop.
      if (error instanceof AppError && error.status < 500) return true;
      if ((error as { status?: number }).status !== 503) options.onError?.(error);
      return false;
    }
  }

  function reply(bytes: Buffer, to: { address: string; port: number }): void {
    socket.send(bytes, to.port, to.address, (error) => {
      if (error) options.onError?.(error);
    });
  }

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return {
    socket,
    port: socket.address().port,
    close: () => {
      peers?.close();
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

/**
 * Per source address: a token bucket (rate, burst of twice the rate) and a count of datagrams in
 * flight. Addresses are kept in least-recently-seen order and the oldest forgotten past the cap, so a
 * sender spraying addresses costs bounded memory.
 */
class SourceLimiter {
  private readonly sources = new Map<string, { tokens: number; at: number; inFlight: number }>();

  constructor(private readonly limits: DatagramLimits) {}

  admit(address: string): boolean {
    const now = Date.now();
    const rate = this.limits.perAddressPerSecond;
    let source = this.sources.get(address);
    if (source) {
      this.sources.delete(address);
      source.tokens = Math.min(2 * rate, source.tokens + ((now - source.at) / 1000) * rate);
      source.at = now;
    } else {
      source = { tokens: 2 * rate, at: now, inFlight: 0 };
      if (this.sources.size >= this.limits.maxTrackedAddresses) {
        for (const [key, value] of this.sources) {
          if (value.inFlight > 0) continue;
          this.sources.delete(key);
          break;
        }
      }
    }
    this.sources.set(address, source);
    if (source.tokens < 1 || source.inFlight >= this.limits.perAddressInFlight) return false;
    source.tokens -= 1;
    source.inFlight++;
    return true;
  }

  done(address: string): void {
    const source = this.sources.get(address);
    if (source && source.inFlight > 0) source.inFlight--;
  }
}
