import type { Transmit } from '../delivery-queue';
import { jsonBatchBody } from '../wire';
import { httpOutcome } from './http';

/** Sends a batch to `POST <api>/ingest/positions` with the device's bearer token. */
export function jsonBatchTransmit(apiUrl: string, token: string | undefined): Transmit {
  const url = new URL('ingest/positions', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
  return async (batch, signal) => {
    if (!token) return { kind: 'refused', reason: 'no device token: provision the JSON devices first' };
    return httpOutcome(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(jsonBatchBody(batch)),
      },
      signal,
    );
  };
}
