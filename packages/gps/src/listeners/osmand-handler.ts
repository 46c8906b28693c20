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
 * the phone shows the error); 503 + Retry-After when ingest is saturated.
 */
export async function handleOsmAnd(ingest: IngestService, request: OsmAndRequest): Promise<DeviceReply> {
  try {
    const positions = decodeOsmAnd(request, new Date());
    await ingest.submit(positions, 'osmand');
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
  throw error;
}
