import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** A raw TCP client for the device ports: reads exact byte counts, tells when the server closed. */
export interface TcpClient {
  socket: Socket;
  /** The next `n` bytes, or fewer (possibly none) if the server closes first. */
  read(n: number): Promise<Buffer>;
  /** Resolves when the connection is closed (by either side). */
  closed: Promise<void>;
  /** Whether it is closed already. */
  isClosed(): boolean;
}

export async function tcpClient(port: number, localAddress?: string): Promise<TcpClient> {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  socket.on('error', () => {});
  let buffered = Buffer.alloc(0);
  let ended = false;
  let wake = () => {};
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake();
  });
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      ended = true;
      wake();
      resolve();
    }),
  );
  await Promise.race([once(socket, 'connect'), closed]);
  return {
    socket,
    closed,
    isClosed: () => ended,
    async read(n) {
      while (buffered.length < n && !ended) await new Promise<void>((resolve) => (wake = resolve));
      const out = buffered.subarray(0, n);
      buffered = buffered.subarray(out.length);
      return out;
    },
  };
}
