import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { AppError } from '@pioneira/core';
import {
  type CommandSessionHandle,
  type CommandSessions,
  type DeviceFrame,
  type DeviceSession,
  supportsCommands,
  type TrackerProtocol,
} from '@pioneira/protocols';
import type { IngestService } from '../ingest/ingest.service';
import {
  ConnectionGuard,
  type ConnectionLimits,
  DEFAULT_CONNECTION_LIMITS,
  type OnRefusal,
} from './connection-guard';

// A tracker that says nothing for this long is gone (they send at least every few minutes).
const IDLE_TIMEOUT_MS = 10 * 60_000;

/** What a device said besides positions: answers to commands, unknown or malformed messages. */
export type TrackerNotice =
  | { kind: 'answer'; identifier: string; type: string; text: string }
  | { kind: 'unknown'; identifier: string | null; type: string }
  | { kind: 'malformed'; identifier: string | null; code: string; message: string };

export interface TrackerServerOptions {
  protocol: TrackerProtocol;
  /** A new state machine for each connection. */
  createSession: () => DeviceSession;
  host: string;
  port: number;
  limits?: Partial<ConnectionLimits>;
  onError?: (error: unknown) => void;
  /** Told of every refused or timed-out connection (already counted in `ingest.refusals`). */
  onRefusal?: OnRefusal;
  /** Told of command answers and of unknown or malformed messages (the latter already counted). */
  onNotice?: (notice: TrackerNotice) => void;
  /**
   * Where identified sessions are offered for remote commands (protocols with a command encoder): queued
   * commands are written to the session between frames, and the device's answers go back.
   */
  commands?: CommandSessions;
}

/** A running tracker port. `send` writes bytes (an encoded command) to a connected device. */
export interface TrackerServer {
  server: Server;
  port: number;
  guard: ConnectionGuard;
  /** Queues `bytes` on the open session of `identifier`; false when the device is not connected. */
  send(identifier: string, bytes: Buffer): boolean;
  /** Identifiers with an open, authenticated session. */
  connected(): string[];
  close(): Promise<void>;
}

/**
 * One TCP port of a tracker protocol (GT06, H02, Suntech, Queclink): the connection caps and the
 * identification deadline of the Teltonika port; a connection speaks for the one device that first
 * identifies on it, registered for this protocol, or it is closed. Positions are group-committed and
 * the protocol's acknowledgement is written only after COMMIT; when storage is saturated or fails
 * the connection is closed without it, so the device keeps its data and resends. Fixes outside the
 * time window are dropped, counted and acknowledged (a resend could never succeed). A malformed
 * message is refused and counted with nothing stored; a broken stream closes the connection.
 */
export async function startTrackerServer(
  ingest: IngestService,
  options: TrackerServerOptions,
): Promise<TrackerServer> {
  const { protocol } = options;
  const sockets = new Set<Socket>();
  const live = new LiveConnections();
  const guard = new ConnectionGuard(
    { ...DEFAULT_CONNECTION_LIMITS, ...options.limits },
    (reason, address) => {
      ingest.refusals.count(reason, protocol);
      options.onRefusal?.(reason, address);
    },
  );
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    if (!guard.admit(socket)) return;
    sockets.add(socket);
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    const connection = new Connection(
      socket,
      options.createSession(),
      ingest,
      options,
      guard.handshakeDeadline(socket),
      live,
    );
    socket.on('close', () => {
      sockets.delete(socket);
      connection.closed();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    guard,
    send(identifier, bytes) {
      const connection = live.current(identifier);
      if (!connection) return false;
      connection.send(bytes);
      return true;
    },
    connected: () => live.identifiers(),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.end();
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2_000).unref();
      }),
  };
}

/**
 * The identified connections of each device, oldest first. A device may hold two for a while (it
 * reconnected before its old socket was known dead, or another unit claims its IMEI): the newest is
 * the one written to, and each connection that closes takes out only itself, so the other stays live.
 */
class LiveConnections {
  private readonly byDevice = new Map<string, Connection[]>();

  add(identifier: string, connection: Connection): void {
    this.byDevice.set(identifier, [...(this.byDevice.get(identifier) ?? []), connection]);
  }

  remove(identifier: string, connection: Connection): void {
    const left = (this.byDevice.get(identifier) ?? []).filter((c) => c !== connection);
    if (left.length > 0) this.byDevice.set(identifier, left);
    else this.byDevice.delete(identifier);
  }

  current(identifier: string): Connection | undefined {
    return this.byDevice.get(identifier)?.at(-1);
  }

  identifiers(): string[] {
    return [...this.byDevice.keys()];
  }
}

class Connection {
  private identifier: string | null = null;
  private commands: CommandSessionHandle | undefined;
  // Frames are handled strictly in order: a device waits for each acknowledgement anyway.
  private turn = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly session: DeviceSession,
    private readonly ingest: IngestService,
    private readonly options: TrackerServerOptions,
    private readonly handshake: { done(): void },
    private readonly live: LiveConnections,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of coalesce(session.push(chunk))) {
        this.turn = this.turn.then(() => this.handle(frame)).then(() => this.flush());
      }
    });
  }

  /** Queues bytes for the device; they are written between frames, never inside an exchange. */
  send(bytes: Buffer): void {
    this.session.enqueue(bytes);
    this.turn = this.turn.then(() => this.flush());
  }

  closed(): void {
    if (this.identifier) this.live.remove(this.identifier, this);
    this.commands?.closed();
  }

  private flush(): void {
    if (this.socket.destroyed) return;
    for (const bytes of this.session.takeOutgoing()) this.socket.write(bytes);
  }

  private write(reply: Buffer | null): void {
    if (reply && !this.socket.destroyed) this.socket.write(reply);
  }

  /** Binds the connection to its device on first sight; false (and closed) when it may not send. */
  private async identify(identifier: string): Promise<boolean> {
    if (this.identifier === identifier) return true;
    if (this.identifier !== null) {
      this.socket.destroy();
      return false;
    }
    try {
      await this.ingest.authenticate(identifier, this.options.protocol);
    } catch (error) {
      // Unknown or of another protocol: counted by ingest; storage trouble: reported. Close either way.
      if (!(error instanceof AppError && error.status < 500)) this.options.onError?.(error);
      this.socket.destroy();
      return false;
    }
    this.identifier = identifier;
    this.handshake.done();
    this.live.add(identifier, this);
    const { protocol, commands } = this.options;
    if (commands && supportsCommands(protocol))
      this.commands = commands.open({
        identifier,
        protocol,
        write: (bytes) => {
          if (this.socket.destroyed) return false;
          this.send(bytes);
          return true;
        },
      });
    return true;
  }

  private async handle(frame: DeviceFrame): Promise<void> {
    if (this.socket.destroyed) return;
    const { protocol } = this.options;
    switch (frame.type) {
      case 'error':
        this.ingest.refusals.count('malformed_message', protocol);
        this.options.onNotice?.({
          kind: 'malformed',
          identifier: this.identifier,
          code: frame.error.code,
          message: frame.error.message,
        });
        this.socket.destroy();
        return;
      case 'refused':
        this.ingest.refusals.count('malformed_message', protocol);
        this.options.onNotice?.({
          kind: 'malformed',
          identifier: this.identifier,
          code: frame.error.code,
          message: frame.error.message,
        });
        return;
      case 'login':
        if (await this.identify(frame.identifier)) this.write(frame.reply);
        return;
      case 'positions':
        if (await this.identify(frame.identifier)) await this.store(frame);
        return;
      case 'heartbeat':
      case 'answer':
      case 'unknown': {
        const identifier = frame.identifier ?? this.identifier;
        // Nothing is answered to a connection that has not shown a registered device.
        if (identifier === null || !(await this.identify(identifier))) {
          if (identifier === null) this.socket.destroy();
          return;
        }
        if (frame.type === 'answer') {
          // The answer speaks for the device this connection is bound to, never for the one it names.
          this.commands?.answered(frame.text);
          this.options.onNotice?.({ kind: 'answer', identifier, type: frame.kind, text: frame.text });
        }
        if (frame.type === 'unknown') {
          this.ingest.refusals.count('unknown_message', protocol);
          this.options.onNotice?.({ kind: 'unknown', identifier, type: frame.kind });
        }
        this.write(frame.reply);
      }
    }
  }

  private async store(frame: PositionsFrame): Promise<void> {
    const { kept } = this.ingest.withinWindow(frame.positions, this.options.protocol);
    try {
      if (kept.length > 0) await this.ingest.submit(kept, this.options.protocol);
    } catch (error) {
      // A 4xx (unstorable value, counted) can never succeed on a resend: acknowledge and drop.
      if (!(error instanceof AppError && error.status < 500)) {
        if ((error as { status?: number }).status !== 503) this.options.onError?.(error);
        this.socket.destroy(); // no acknowledgement: the device keeps the data and resends
        return;
      }
    }
    for (const reply of frame.replies ?? [frame.reply]) this.write(reply);
  }
}

type PositionsFrame = Extract<DeviceFrame, { type: 'positions' }> & { replies?: (Buffer | null)[] };

/**
 * Merges consecutive position frames of one device that arrived together into one submission: one
 * commit instead of one per message, their acknowledgements still written in order after it.
 */
function coalesce(frames: DeviceFrame[]): (DeviceFrame | PositionsFrame)[] {
  const out: (DeviceFrame | PositionsFrame)[] = [];
  for (const frame of frames) {
    const last = out[out.length - 1] as PositionsFrame | undefined;
    if (frame.type === 'positions' && last?.type === 'positions' && last.identifier === frame.identifier) {
      last.positions = [...last.positions, ...frame.positions];
      last.replies = [...(last.replies ?? [last.reply]), frame.reply];
    } else out.push(frame.type === 'positions' ? { ...frame } : frame);
  }
  return out;
}
