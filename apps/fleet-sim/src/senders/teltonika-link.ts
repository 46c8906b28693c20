import { connect, type Socket } from 'node:net';
import { encodeTeltonikaImei } from '@pioneira/protocols';
import { commandAnswer, takeCommands } from './teltonika-commands';

const CONNECT_TIMEOUT_MS = 10_000;
const REPLY_TIMEOUT_MS = 15_000;
const IMEI_ACCEPTED = 0x01;

/** The server said no to our IMEI: the device is not registered. */
export class ImeiRejectedError extends Error {
  readonly code = 'IMEI_REJECTED';
}

interface Reader {
  bytes: number;
  resolve(data: Buffer): void;
  reject(error: Error): void;
}

/**
 * A Teltonika device's one TCP connection: opened (with the IMEI handshake) when there is something to
 * send, reused for every packet, and opened again after any loss.
 */
export class TeltonikaLink {
  private socket: Socket | null = null;
  private inbox: Buffer = Buffer.alloc(0);
  private reader: Reader | null = null;
  private connections = 0;
  private handshaking = false;
  /** DOUT1, DOUT2 as the server's setdigout commands left them (DOUT1 drives the immobiliser). */
  readonly outputs = [0, 0];
  /** The Codec 12 commands received so far. */
  readonly commands: string[] = [];

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly imei: string,
    /** Called each time a connection is opened after the first. */
    private readonly onReconnect: () => void,
  ) {}

  /** Sends one AVL packet and returns the record count of the server's ACK. */
  async exchange(packet: Buffer, signal: AbortSignal): Promise<number> {
    const socket = await this.connected(signal);
    socket.write(packet);
    return (await this.read(4, signal)).readUInt32BE(0);
  }

  /** Drops the connection, e.g. after a reply that makes no sense; the next exchange reconnects. */
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
      if (!this.handshaking) this.answerCommands(socket);
      this.deliver();
    });
    const lost = (error?: Error) => {
      if (this.socket === socket) this.socket = null;
      this.fail(error ?? new Error('the server closed the connection'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    this.handshaking = true;
    socket.write(encodeTeltonikaImei(this.imei));
    const [reply] = await this.read(1, signal).finally(() => (this.handshaking = false));
    // A command queued while we were offline may have come right behind the 01.
    this.answerCommands(socket);
    if (reply !== IMEI_ACCEPTED) {
      socket.destroy();
      throw new ImeiRejectedError('the server refused the IMEI: register the device first');
    }
    return socket;
  }

  private read(bytes: number, signal: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reset();
        finish(new Error(`no reply within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      const abort = () => finish(new Error('stopped'));
      const finish = (error: Error | null, data?: Buffer) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
        this.reader = null;
        if (error) reject(error);
        else resolve(data as Buffer);
      };
      signal.addEventListener('abort', abort, { once: true });
      this.reader = { bytes, resolve: (data) => finish(null, data), reject: (error) => finish(error) };
      if (signal.aborted) abort();
      else this.deliver();
    });
  }

  /** Answers the server's Codec 12 commands, as an FMB does, whenever they arrive. */
  private answerCommands(socket: Socket): void {
    const { texts, rest } = takeCommands(this.inbox);
    this.inbox = rest;
    for (const text of texts) {
      this.commands.push(text);
      socket.write(commandAnswer(text, this.outputs));
    }
  }

  private deliver(): void {
    if (!this.reader || this.inbox.length < this.reader.bytes) return;
    if (!this.handshaking && commandMayFollow(this.inbox)) return;
    const data = this.inbox.subarray(0, this.reader.bytes);
    this.inbox = this.inbox.subarray(this.reader.bytes);
    this.reader.resolve(data);
  }

  private fail(error: Error): void {
    this.reader?.reject(error);
  }
}

/** Zero bytes that may be the start of a command still arriving rather than an ACK of 0. */
function commandMayFollow(inbox: Buffer): boolean {
  return inbox.length > 4 && inbox.readUInt32BE(0) === 0 && (inbox.length < 9 || inbox[8] === 0x0c);
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
