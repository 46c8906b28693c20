import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { IngestService } from '../ingest/ingest.service';
import {
  ConnectionGuard,
  type ConnectionLimits,
  DEFAULT_CONNECTION_LIMITS,
  type OnRefusal,
} from './connection-guard';
import { handleOsmAnd } from './osmand-handler';

// A phone that buffered offline sends at most a few hundred fixes; anything bigger is refused unread.
const MAX_BODY_BYTES = 512 * 1024;

export interface OsmAndServerOptions {
  host: string;
  port: number;
  /** Connection caps; the handshake timeout bounds how long a connection may take to send its headers. */
  limits?: Partial<ConnectionLimits>;
  onError?: (error: unknown) => void;
  /** Told of every refused connection (already counted in `ingest.refusals`). */
  onRefusal?: OnRefusal;
}

/**
 * The OsmAnd port (5055 by default): any path, GET or POST, as Traccar Client expects. Plain
 * node:http rather than the api's Fastify: this is the hottest path (one fix per request).
 * Connections are capped in total and per address; a request must send its headers within the
 * handshake timeout.
 */
export async function startOsmAndServer(
  ingest: IngestService,
  options: OsmAndServerOptions,
): Promise<{ server: Server; port: number; guard: ConnectionGuard; close(): Promise<void> }> {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const guard = new ConnectionGuard(limits, (reason, address) => {
    ingest.refusals.count(reason, 'osmand');
    options.onRefusal?.(reason, address);
  });
  const server = createServer(
    {
      headersTimeout: limits.handshakeTimeoutMs,
      requestTimeout: Math.max(limits.handshakeTimeoutMs, 30_000),
      // How often Node checks those timeouts; the default (30 s) would let silent sockets pile up.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.handshakeTimeoutMs / 2)),
    },
    (req, res) => {
      const reply = (status: number, body: string, headers?: Record<string, string>) => {
        // An explicit length: headers and body leave in one write, no chunked framing.
        res.writeHead(status, {
          'content-type': 'text/plain; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          ...headers,
        });
        res.end(body);
      };
      if (req.method !== 'GET' && req.method !== 'POST') return reply(405, 'Use GET or POST.');
      readBody(req)
        .then(
          async (body) => {
            if (body === null) return reply(413, `Send at most ${MAX_BODY_BYTES} bytes per request.`);
            const answer = await handleOsmAnd(ingest, {
              query: parseQuery(req.url ?? '/'),
              body,
              contentType: req.headers['content-type'],
              authorization: req.headers.authorization,
            });
            reply(answer.status, answer.body, answer.headers);
          },
          (error) => {
            options.onError?.(error);
            reply(500, 'Something went wrong on our side; retry later.');
          },
        )
        .catch((error) => {
          options.onError?.(error);
          if (!res.headersSent) reply(500, 'Something went wrong on our side; retry later.');
        });
    },
  );
  // Before the HTTP parser sees the socket: a refused connection costs nothing more.
  server.prependListener('connection', (socket) => guard.admit(socket));
  // Node's own answer (as its docs show it), plus counting the connections that sent no request in time.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timedOut) {
      ingest.refusals.count('handshake_timeout', 'osmand');
      options.onRefusal?.('handshake_timeout', socket.remoteAddress ?? 'unknown');
    }
    if (error.code !== 'ECONNRESET' && socket.writable)
      socket.end(
        `HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nConnection: close\r\n\r\n`,
      );
    socket.destroy();
  });
  server.keepAliveTimeout = 65_000;
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
        server.closeIdleConnections();
      }),
  };
}

const EMPTY = Buffer.alloc(0);

/** The query string as decoded pairs; a repeated key collects its values. Cheaper than `new URL()`. */
function parseQuery(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const start = url.indexOf('?');
  if (start < 0) return query;
  for (const [key, value] of new URLSearchParams(url.slice(start + 1))) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [seen, value].flat();
  }
  return query;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  // Traccar Client's usual request: everything in the query, an empty body. Nothing to wait for.
  if (
    req.headers['content-length'] === '0' ||
    (!req.headers['content-length'] && !req.headers['transfer-encoding'])
  ) {
    req.resume();
    return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
