import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { AppError } from '@pioneira/core';
import {
  type CommandSessionHandle,
  type CommandSessions,
  TELTONIKA_IMEI_ACCEPTED,
  TELTONIKA_IMEI_REJECTED,
  TeltonikaSession,
  teltonikaAck,
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

export interface TeltonikaServerOptions {
  host: string;
  port: number;
  limits?: Partial<ConnectionLimits>;
  onError?: (error: unknown) => void;
  /** Told of every refused or timed-out connection (already counted in `ingest.refusals`). */
  onRefusal?: OnRefusal;
  /** Where accepted sessions are offered for remote commands (the device's Codec 12 answers go back). */
  commands?: CommandSessions;
}

/**
 * Teltonika Codec 8 / 8E over TCP: IMEI handshake (01 for a device registered as teltonika, 00
 * otherwise, then close), one AVL packet at a time, the ACK carries the records committed and is
 * written only after COMMIT. When ingest is saturated or storage fails the ACK is 0, so the device
 * keeps the records and resends. Records that can never be stored (a fix time outside the window)
 * are dropped, counted, and ACKed: resending them would block the device's queue forever. Framing or
 * CRC errors close the connection. Connections are capped in total and per address, and one that
 * does not complete the handshake in time is closed.
 */
export async function startTeltonikaServer(
  ingest: IngestService,
  options: TeltonikaServerOptions,
): Promise<{ server: Server; port: number; guard: ConnectionGuard; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const guard = new ConnectionGuard(
    { ...DEFAULT_CONNECTION_LIMITS, ...options.limits },
    (reason, address) => {
      ingest.refusals.count(reason, 'teltonika');
      options.onRefusal?.(reason, address);
    },
  );
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    if (!guard.admit(socket)) return;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    serve(socket, ingest, guard.handshakeDeadline(socket), options.onError, options.commands);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    guard,
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

function serve(
  socket: Socket,
  ingest: IngestService,
  handshake: { done(): void },
  onError?: (error: unknown) => void,
  commands?: CommandSessions,
): void {
  const session = new TeltonikaSession();
  let imei: string | undefined;
  let commandHandle: CommandSessionHandle | undefined;
  // Packets are handled strictly in order: a device waits for each ACK anyway.
  let turn = Promise.resolve();
  socket.on('close', () => commandHandle?.closed());
  socket.on('data', (chunk: Buffer) => {
    for (const frame of session.push(chunk)) {
      turn = turn.then(async () => {
        if (socket.destroyed) return;
        if (frame.type === 'error') return void socket.destroy();
        if (frame.type === 'imei') {
          try {
            await ingest.authenticate(frame.imei, 'teltonika');
            imei = frame.imei;
            handshake.done();
            socket.write(TELTONIKA_IMEI_ACCEPTED);
            // A command goes out between our replies, never inside one: it waits for the turn in progress.
            commandHandle = commands?.open({
              identifier: frame.imei,
              protocol: 'teltonika',
              write: (bytes) => {
                if (socket.destroyed) return false;
                turn = turn.then(() => void (socket.destroyed || socket.write(bytes)));
                return true;
              },
            });
          } catch (error) {
            if (error instanceof AppError && error.status < 500)
              return void socket.end(TELTONIKA_IMEI_REJECTED);
            // Storage trouble is not a verdict on the device: close without 00, it reconnects later.
            onError?.(error);
            socket.destroy();
          }
          return;
        }
        if (!imei) return void socket.destroy(); // AVL data before a handshake: not a Teltonika device
        if (frame.type === 'command-response') return void commandHandle?.answered(frame.text);
        const records = frame.records.map((record) => ({ ...record, deviceIdentifier: imei! }));
        const { kept } = ingest.withinWindow(records, 'teltonika');
        let committed = 0;
        try {
          await ingest.submit(kept, 'teltonika');
          committed = frame.count;
        } catch (error) {
          // A 4xx can never succeed on a resend: ACK (the records are dropped, already counted).
          if (error instanceof AppError && error.status < 500) committed = frame.count;
          else if ((error as { status?: number }).status !== 503) onError?.(error);
        }
        if (!socket.destroyed) socket.write(teltonikaAck(committed));
      });
    }
  });
}
