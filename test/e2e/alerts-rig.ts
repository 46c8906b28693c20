import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WEBHOOK_HEADERS } from '@pioneira/alerts/signature';
import type { Sql } from '@pioneira/db';
import { SMTPServer } from 'smtp-server';

/** A webhook receiver: records every request, checks its signature, answers `status` (settable). */
export async function startWebhookReceiver(secret: () => string) {
  const received: Array<{
    delivery: string;
    body: Record<string, unknown>;
    /** The body's bytes as sent (what the signature covers). */
    raw: string;
    valid: boolean;
    headers: IncomingHttpHeaders;
  }> = [];
  // `arrived` counts requests whose body came in, answered or not yet (a delay holds them in flight).
  const state = { status: 200, delayMs: 0, arrived: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    // A sender killed mid-request resets its socket: that is the point of some tests, not a failure.
    req.on('error', () => {});
    res.on('error', () => {});
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      state.arrived += 1;
      const h = (name: string) => String(req.headers[name] ?? '');
      const answer = () => {
        received.push({
          delivery: h(WEBHOOK_HEADERS.delivery),
          body: JSON.parse(body),
          raw: body,
          valid: verifyWebhook(
            secret(),
            { signature: h(WEBHOOK_HEADERS.signature), timestamp: h(WEBHOOK_HEADERS.timestamp) },
            body,
          ),
          headers: req.headers,
        });
        res.writeHead(state.status).end();
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    state,
    /** Received with a valid signature and a 2xx answer. */
    accepted: () => received.filter((r) => r.valid && state.status < 300),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A real SMTP server on a port of its own that can go down and come back on the same port. */
export async function startSmtpReceiver() {
  const mails: Array<{ to: string; subject: string; text: string; messageId: string }> = [];
  let server: SMTPServer | undefined;
  let port = 0;
  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c) => (raw += c));
        stream.on('end', () => {
          const header = (name: string) =>
            decodeWords(new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '');
          for (const rcpt of session.envelope.rcptTo)
            mails.push({
              to: rcpt.address,
              subject: header('Subject'),
              text: raw,
              messageId: header('Message-ID'),
            });
          callback();
        });
      },
    });
    server.on('error', () => {}); // a client gone mid-session (a killed worker)
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
    // biome-ignore lint/suspicious/noExplicitAny: smtp-server keeps its net.Server here
    port = ((server as any).server.address() as AddressInfo).port;
  };
  await listen();
  return {
    url: () => `smtp://127.0.0.1:${port}`,
    mails,
    down: () => new Promise<void>((resolve) => server!.close(() => resolve())),
    up: listen,
  };
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) as text. */
function decodeWords(header: string): string {
  return header.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

let sequence = 0;

/** Stores one telemetry event the way every writer does (the trigger announces it). */
export async function insertEvent(
  sql: Sql,
  fields: { vehicle?: string | null; type?: string; at?: Date; source?: string } = {},
): Promise<string> {
  sequence += 1;
  const [row] = await sql`
    INSERT INTO telemetry_events (source, external_id, vehicle_external_id, event_type_external_id, started_at,
      ended_at, speed_kmh, value, value_units)
    VALUES (${fields.source ?? 'rules'}, ${`test:${Date.now()}:${sequence}`}, ${fields.vehicle ?? null},
      ${fields.type ?? 'rules.overspeed'}, ${fields.at ?? new Date()}, ${fields.at ?? new Date()}, 97, 97, 'km/h')
    RETURNING id`;
  return String(row.id);
}

/** Polls `probe` until it gives a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
