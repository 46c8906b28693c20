import type { Socket } from 'node:net';

/** Limits of one device port; every socket is a file descriptor the whole worker shares. */
export interface ConnectionLimits {
  /** Open connections at most on this port. */
  maxConnections: number;
  /** Open connections at most from one remote address (carrier NAT puts many devices behind one). */
  maxPerAddress: number;
  /** Seconds a new connection has to identify itself (Teltonika IMEI, an HTTP request's headers). */
  handshakeTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 5_000,
  maxPerAddress: 1_000,
  handshakeTimeoutMs: 10_000,
};

/** Why a connection was refused or closed early. */
export type ConnectionRefusal = 'connection_limit' | 'address_limit' | 'handshake_timeout';

/** Told of every refusal, so the listener can count and log it. */
export type OnRefusal = (reason: ConnectionRefusal, address: string) => void;

/**
 * Admission control of a device port: refuses a connection beyond the port's cap or its address's
 * cap by closing it at once, so idle or hostile sockets cannot take the descriptors that devices and
 * the other listeners need.
 */
export class ConnectionGuard {
  private open = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly onRefusal: OnRefusal = () => {},
  ) {}

  /** Connections open now. */
  get size(): number {
    return this.open;
  }

  /** Admits or destroys `socket`; true when admitted (its slot is freed on close). */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = this.byAddress.get(address) ?? 0;
    const refusal: ConnectionRefusal | null =
      this.open >= this.limits.maxConnections
        ? 'connection_limit'
        : fromAddress >= this.limits.maxPerAddress
          ? 'address_limit'
          : null;
    if (refusal) {
      socket.destroy();
      this.onRefusal(refusal, address);
      return false;
    }
    this.open++;
    this.byAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      this.open--;
      const left = (this.byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
    });
    return true;
  }

  /** Closes `socket` unless `done()` is called within the handshake timeout. */
  handshakeDeadline(socket: Socket): { done(): void } {
    const timer = setTimeout(() => {
      if (socket.destroyed) return;
      socket.destroy();
      this.onRefusal('handshake_timeout', socket.remoteAddress ?? 'unknown');
    }, this.limits.handshakeTimeoutMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    return { done: () => clearTimeout(timer) };
  }
}
