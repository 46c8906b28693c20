import type { ServerResponse } from 'node:http';
import { AppError } from '@pioneira/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How often every open stream's session is checked again (ends made by other replicas). */
const RECHECK_MS = 5_000;

/** Whether the access token a stream was opened with still stands for a live session. */
export type SessionCheck = (accessToken: string) => Promise<unknown>;

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
  private readonly open = new Map<EventStream, string>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private again = false;

  /**
   * `stillValid` is asked about each stream's access token every few seconds and after every
   * logout, deactivation or password reset of this process (`recheck`): a stream must not
   * outlive its session. A stream whose session ended gets `event: session-ended` and is closed.
   */
  constructor(private readonly stillValid: SessionCheck) {}

  /** Opens a stream on this request for the session behind `accessToken`, or throws the 406. */
  start(request: FastifyRequest, reply: FastifyReply, accessToken: string): EventStream {
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
        if (this.open.size === 0) this.stopTimer();
        for (const callback of callbacks) callback();
        raw.end();
      },
      onEnd: (callback) => {
        callbacks.push(callback);
      },
    };
    this.open.set(stream, accessToken);
    this.timer ??= setInterval(() => void this.recheck(), RECHECK_MS).unref();
    request.raw.on('close', () => stream.end());
    return stream;
  }

  /** Checks every open stream's session now and closes those that ended (one pass at a time). */
  recheck(): Promise<void> {
    if (this.checking) {
      this.again = true; // a session may have ended after the running pass looked at it
      return this.checking;
    }
    this.checking = (async () => {
      for (const [stream, token] of [...this.open]) {
        const valid = await this.stillValid(token).catch(() => true); // a database hiccup is not a logout
        if (valid) continue;
        stream.send('session-ended', { reason: 'Your session ended; sign in again.' });
        stream.end();
      }
    })().finally(() => {
      this.checking = undefined;
      if (this.again) {
        this.again = false;
        void this.recheck();
      }
    });
    return this.checking;
  }

  /** Ends every open stream (app close). */
  endAll(): void {
    for (const stream of [...this.open.keys()]) stream.end();
    this.stopTimer();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
