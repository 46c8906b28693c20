import { connect, type Socket } from 'node:net';
import { crc16Ibm, encodeCodec12Response, encodeTeltonikaImei } from '@pioneira/protocols';

/** A Codec 12 command as a device received it: the raw packet and its text. */
export interface ReceivedCommand {
  bytes: Buffer;
  text: string;
}

/**
 * A Teltonika device over real TCP: handshakes, then collects the Codec 12 commands the server writes
 * (checking their framing and CRC) and, unless told not to, answers each like an FMB does.
 */
export class TeltonikaDevice {
  readonly commands: ReceivedCommand[] = [];
  private buffer = Buffer.alloc(0);
  private acks: number[] = [];
  private handshake: number | undefined;
  private readonly socket: Socket;

  private constructor(
    port: number,
    private readonly answer: ((text: string) => string) | null,
  ) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk) => this.read(chunk));
  }

  /** Connects and handshakes; resolves once the server accepted the IMEI. */
  static async connect(
    port: number,
    imei: string,
    answer: ((text: string) => string) | null = (text) => `${text.toUpperCase()} OK`,
  ): Promise<TeltonikaDevice> {
    const device = new TeltonikaDevice(port, answer);
    await new Promise<void>((resolve, reject) => {
      device.socket.once('connect', resolve);
      device.socket.once('error', reject);
    });
    device.socket.write(encodeTeltonikaImei(imei));
    await until(`the IMEI ${imei} to be accepted`, async () => device.handshake !== undefined);
    if (device.handshake !== 1) throw new Error(`IMEI ${imei} refused`);
    return device;
  }

  /** Sends an AVL packet and waits for its ACK (the record count). */
  async sendAvl(packet: Buffer): Promise<number> {
    const before = this.acks.length;
    this.socket.write(packet);
    await until('the AVL ACK', async () => this.acks.length > before);
    return this.acks[before];
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (this.handshake === undefined && this.buffer.length >= 1) {
      this.handshake = this.buffer[0];
      this.buffer = this.buffer.subarray(1);
    }
    for (;;) {
      if (this.buffer.length >= 12 && this.buffer.readUInt32BE(0) === 0 && this.buffer[8] === 0x0c) {
        const total = 12 + this.buffer.readUInt32BE(4);
        if (this.buffer.length < total) return;
        const packet = Buffer.from(this.buffer.subarray(0, total));
        this.buffer = this.buffer.subarray(total);
        const data = packet.subarray(8, total - 4);
        if (crc16Ibm(data) !== packet.readUInt32BE(total - 4)) throw new Error('command with a bad CRC');
        const text = data.subarray(7, 7 + data.readUInt32BE(3)).toString('latin1');
        this.commands.push({ bytes: packet, text });
        if (this.answer) this.socket.write(encodeCodec12Response(this.answer(text)));
        continue;
      }
      if (this.buffer.length >= 4 && this.buffer.readUInt32BE(0) !== 0) {
        this.acks.push(this.buffer.readUInt32BE(0));
        this.buffer = this.buffer.subarray(4);
        continue;
      }
      return;
    }
  }
}

/** Polls `check` until it is truthy or fails after `ms` saying what it waited for. */
export async function until<T>(
  what: string,
  check: () => Promise<T>,
  ms = 30_000,
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
