import type { Transmit } from '../delivery-queue';
import { osmandQuery } from '../wire';
import { httpOutcome } from './http';

/** Sends each fix as Traccar Client does: `POST <url>?id=…&timestamp=…&lat=…` with an empty body. */
export function osmandTransmit(osmandUrl: string, identifier: string): Transmit {
  return async (batch, signal) => {
    const [fix] = batch;
    if (!fix || batch.length > 1) throw new RangeError('OsmAnd sends exactly one fix per request.');
    const url = new URL(osmandUrl);
    url.search = osmandQuery(identifier, fix).toString();
    return httpOutcome(url, { method: 'POST' }, signal);
  };
}
