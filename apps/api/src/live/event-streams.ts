import type { ServerResponse } from 'node:http';
import { AppError } from '@pioneira/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/** One open Server-Sent Events stream. */
export interface EventStream {
  /** Writes one `event:`/`data:` frame (data is JSON-encoded). */
  send(event: string, data: unknown): void;
  /** Ends the stream (idempotent); `onEnd` callbacks run once. */
  end(): void;
  onEnd(callback: () => void): void;
}

/**
 * The SSE writer of the api: checks `Accept: text/event-stream` (406 otherwise), writes the headers,
 * a retry hint and heartbeats, and ends every stream it opened when the app closes (streams never end
 * on their own, and the server would wait for them).
 */
export class EventStreams {
  private readonly open = new Set<EventStream>();

  /** Opens a stream on this request, or throws the 406 the client should see. */
  start(request: FastifyRequest, reply: FastifyReply): EventStream {
    if (!String(request.headers.accept ?? '').includes('text/event-stream'))
      throw new AppError(
        406,
        'not_acceptable',
        'This is a Server-Sent Events stream: send "Accept: text/event-stream".',
      );
    reply.hijack();
    const raw: ServerResponse = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n: connected\n\n');
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const callbacks: Array<() => void> = [];
    const stream: EventStream = {
      send: (event, data) => {
        raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      end: () => {
        if (!this.open.delete(stream)) return;
        clearInterval(heartbeat);
        for (const callback of callbacks) callback();
        raw.end();
      },
      onEnd: (callback) => {
        callbacks.push(callback);
      },
    };
    this.open.add(stream);
    request.raw.on('close', () => stream.end());
    return stream;
  }

  /** Ends every open stream (app close). */
  endAll(): void {
    for (const stream of [...this.open]) stream.end();
  }
}
