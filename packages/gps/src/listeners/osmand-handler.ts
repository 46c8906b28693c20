import { AppError } from '@pioneira/core';
import { DecodeError, decodeOsmAnd, type OsmAndRequest } from '@pioneira/protocols';
import type { IngestService } from '../ingest/ingest.service';

/** An HTTP answer for a device: status, a short text body, extra headers. */
export interface DeviceReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/**
 * OsmAnd / Traccar Client over HTTP, framework-free so the api route and the dedicated OsmAnd port
 * share it: 200 after commit; 400 for malformed input or an unknown device (as Traccar answers, so
 * the phone shows the error); 401 when the device has a secret and the request does not carry it
 * (`?secret=` or the Basic-auth password); 503 + Retry-After when ingest is saturated.
 */
export async function handleOsmAnd(
  ingest: IngestService,
  request: OsmAndRequest & { authorization?: string },
): Promise<DeviceReply> {
  try {
    // The secret is a credential, not an attribute: it must never reach storage.
    const { secret, ...query } = request.query;
    const sent = (Array.isArray(secret) ? secret[0] : secret) ?? basicAuth(request.authorization)?.password;
    const positions = decodeOsmAnd({ ...request, query }, new Date());
    await ingest.submit(positions, 'osmand', { secret: sent });
    return { status: 200, body: '' };
  } catch (error) {
    return deviceErrorReply(error);
  }
}

/** Maps ingest and decode errors to a device-facing reply; anything else is rethrown. */
export function deviceErrorReply(error: unknown): DeviceReply {
  if (error instanceof DecodeError) return { status: 400, body: `${error.code}: ${error.message}` };
  if (error instanceof AppError && error.code === 'unknown_device')
    return { status: 400, body: error.message };
  if (error instanceof AppError && error.status === 503)
    return { status: 503, body: error.message, headers: error.headers };
  if (error instanceof AppError && error.status >= 400 && error.status < 500)
    return { status: error.status, body: `${error.code}: ${error.message}` };
  throw error;
}

/** The user and password of an `Authorization: Basic …` header, if that is what it is. */
export function basicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
