import { connect, type Socket } from 'node:net';
import type { CommandReader } from './tracker-commands';

const CONNECT_TIMEOUT_MS = 10_000;
const REPLY_TIMEOUT_MS = 15_000;

/**
 * Finds a complete reply at the start of the bytes received: its length, -1 while incomplete, or a
 * message that is not the reply (`ignore` bytes to skip, `problem` to log).
 */
export type ReplyFrame = (inbox: Buffer) => number | { ignore: number; problem: string };

/**
 * One tracker's TCP connection (GT06, H02, Suntech, Queclink): opened when there is something to send,
 * greeted (a GT06 login) if the protocol wants it, reused, and opened again after any loss.
 */
export class TrackerLink {
  private socket: Socket | null = null;
  private inbox = Buffer.alloc(0);
  private waiter: { frame: ReplyFrame; resolve(reply: Buffer): void; reject(error: Error): void } | null =
    null;
  private connections = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly onReconnect: () => void,
    /** The greeting of a new connection and the frame of its reply (a GT06 login). */
    private readonly greeting?: () => { bytes: Buffer; reply: ReplyFrame },
    /** Finds the server's commands in what it writes; the device answers them at once. */
    private readonly commands?: CommandReader,
    /** Told of server messages the device could not read; they are ignored, never thrown. */
    private readonly onProblem: (problem: string) => void = () => {},
  ) {}

  /** The commands the server sent on this link, in order (for tests and the demo's logs). */
  readonly received: string[] = [];

  /** Writes `bytes`; with `reply`, resolves with the server's reply, else once the bytes are written. */
  async exchange(bytes: Buffer, reply: ReplyFrame | null, signal: AbortSignal): Promise<Buffer> {
    const socket = await this.connected(signal);
    if (!reply) {
      await new Promise<void>((resolve, reject) =>
        socket.write(bytes, (error) => (error ? reject(error) : resolve())),
      );
      return Buffer.alloc(0);
    }
    socket.write(bytes);
    return this.read(reply, signal);
  }

  reset(): void {
    this.socket?.destroy();
  }

  close(): void {
    this.socket?.end();
    this.socket?.destroy();
  }

  private async connected(signal: AbortSignal): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = await open(this.host, this.port, signal);
    if (this.connections++ > 0) this.onReconnect();
    this.socket = socket;
    this.inbox = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.inbox = Buffer.concat([this.inbox, chunk]);
      try {
        this.drain(socket);
      } catch (error) {
        // A throw here would take the whole simulator down: drop what cannot be read, the exchange
        // waiting for its reply times out and resends if the reply was in it.
        this.onProblem(`unreadable bytes: ${(error as Error).message} [${describe(this.inbox)}]`);
        this.inbox = Buffer.alloc(0);
      }
    });
    const lost = (error?: Error) => {
      if (this.socket === socket) this.socket = null;
      this.waiter?.reject(error ?? new Error('the server closed the connection'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    const greeting = this.greeting?.();
    if (greeting) {
      socket.write(greeting.bytes);
      await this.read(greeting.reply, signal);
    }
    return socket;
  }

  private read(frame: ReplyFrame, signal: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reset();
        finish(new Error(`no reply within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      const abort = () => finish(new Error('stopped'));
      const finish = (error: Error | null, data?: Buffer) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
        this.waiter = null;
        if (error) reject(error);
        else resolve(data as Buffer);
      };
      signal.addEventListener('abort', abort, { once: true });
      this.waiter = { frame, resolve: (data) => finish(null, data), reject: (error) => finish(error) };
      if (signal.aborted) abort();
      else if (this.socket) this.drain(this.socket);
    });
  }

  /** Answers the commands and delivers the replies at the front of the inbox, in the order they came. */
  private drain(socket: Socket): void {
    for (;;) {
      const command = this.inbox.length > 0 ? this.commands?.(this.inbox) : undefined;
      if (command) {
        if (command.length < 0) return;
        this.inbox = this.inbox.subarray(command.length);
        if (command.answer) {
          this.received.push(command.text);
          socket.write(command.answer);
        }
        continue;
      }
      if (!this.deliver()) return;
    }
  }

  private deliver(): boolean {
    if (!this.waiter || this.inbox.length === 0) return false;
    const found = this.waiter.frame(this.inbox);
    if (typeof found === 'object') {
      this.onProblem(`${found.problem} [${describe(this.inbox.subarray(0, found.ignore))}]`);
      this.inbox = this.inbox.subarray(Math.max(1, found.ignore));
      return true;
    }
    const length = found;
    if (length < 0) return false;
    const reply = this.inbox.subarray(0, length);
    this.inbox = this.inbox.subarray(length);
    this.waiter.resolve(reply);
    return true;
  }
}

/** The first bytes of a server message, in hex, for a log line. */
function describe(bytes: Buffer): string {
  const hex = bytes.subarray(0, 32).toString('hex');
  return bytes.length > 32 ? `${hex}… (${bytes.length} bytes)` : hex;
}

function open(host: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    const abort = () => socket.destroy(new Error('stopped'));
    const cleanup = () => {
      signal.removeEventListener('abort', abort);
      socket.off('error', onError);
      socket.off('timeout', onTimeout);
      socket.setTimeout(0);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onTimeout = () => socket.destroy(new Error(`connect timed out after ${CONNECT_TIMEOUT_MS} ms`));
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
    socket.on('error', onError);
    socket.on('timeout', onTimeout);
    signal.addEventListener('abort', abort, { once: true });
    if (signal.aborted) abort();
  });
}
