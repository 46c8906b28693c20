import type { RemoteInfo } from 'node:dgram';
import type { CommandProtocol, CommandSessionHandle, CommandSessions } from '@pioneira/protocols';

/** How long after a device's datagram commands may go to its source address (NAT mappings outlive it). */
export const UDP_COMMAND_WINDOW_MS = 20_000;
// A device silent for this long has its command session closed; its next datagram opens another.
const IDLE_MS = 10 * 60_000;

type Address = { address: string; port: number };

interface Peer {
  handle: CommandSessionHandle;
  /** The source of the device's last datagram. */
  from: Address;
  /** Where the last command went: only an answer from there speaks for it. */
  sentTo: Address | null;
  lastAt: number;
  idle: NodeJS.Timeout;
}

const same = (a: Address | null, b: Address) => a !== null && a.address === b.address && a.port === b.port;

/**
 * Remote commands for devices that report over UDP, where there is no connection to write to: each
 * device has one command session, writable only in the moments after one of its datagrams, and a
 * command goes to that datagram's source address. A command queued while the device is silent waits
 * for its next datagram. The device's answer (a later datagram) closes the command only when it comes
 * from the address the command was sent to.
 */
export class UdpCommandPeers {
  private readonly peers = new Map<string, Peer>();

  constructor(
    private readonly commands: CommandSessions,
    private readonly protocol: CommandProtocol,
    private readonly send: (bytes: Buffer, to: Address) => void,
    private readonly windowMs = UDP_COMMAND_WINDOW_MS,
  ) {}

  /** The device's datagram from `from` has been handled and answered: commands may go there now. */
  heard(identifier: string, from: RemoteInfo): void {
    const peer = this.peer(identifier, from);
    peer.from = { address: from.address, port: from.port };
    peer.lastAt = Date.now();
    peer.handle.writable();
  }

  /** Reports the device's answer; false (ignored) when it is not from where the command went. */
  answered(identifier: string, from: RemoteInfo, text: string): boolean {
    const peer = this.peers.get(identifier);
    if (!peer || !same(peer.sentTo, from)) return false;
    peer.handle.answered(text);
    return true;
  }

  close(): void {
    for (const identifier of [...this.peers.keys()]) this.forget(identifier);
  }

  private peer(identifier: string, from: RemoteInfo): Peer {
    const known = this.peers.get(identifier);
    if (known) {
      known.idle.refresh();
      return known;
    }
    const peer = {
      from: { address: from.address, port: from.port },
      sentTo: null,
      lastAt: 0,
      idle: setTimeout(() => this.forget(identifier), IDLE_MS).unref(),
    } as Omit<Peer, 'handle'> & Partial<Pick<Peer, 'handle'>>;
    const writable = () => this.peers.get(identifier) === peer && Date.now() - peer.lastAt < this.windowMs;
    this.peers.set(identifier, peer as Peer);
    peer.handle = this.commands.open({
      identifier,
      protocol: this.protocol,
      writable,
      write: (bytes) => {
        if (!writable()) return false;
        peer.sentTo = peer.from;
        this.send(bytes, peer.from);
        return true;
      },
    });
    return peer as Peer;
  }

  private forget(identifier: string): void {
    const peer = this.peers.get(identifier);
    if (!peer) return;
    this.peers.delete(identifier);
    clearTimeout(peer.idle);
    peer.handle.closed();
  }
}
