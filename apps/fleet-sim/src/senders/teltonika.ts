import { encodeTeltonikaCodec8 } from '@pioneira/protocols';
import type { Transmit } from '../delivery-queue';
import { teltonikaRecord } from '../wire';
import { ImeiRejectedError, type TeltonikaLink } from './teltonika-link';

const IMEI_RETRY_MS = 30_000; // an unregistered device keeps its records and knocks again later

/** Sends a batch as one Codec 8 packet; anything but an ACK of the full count is sent again. */
export function teltonikaTransmit(link: TeltonikaLink): Transmit {
  return async (batch, signal) => {
    const packet = encodeTeltonikaCodec8(batch.map(teltonikaRecord));
    try {
      const accepted = await link.exchange(packet, signal);
      if (accepted === batch.length) return { kind: 'acked' };
      // A count above what we sent means we are out of step with the server: start afresh.
      if (accepted > batch.length) link.reset();
      return { kind: 'retry', reason: `ACK of ${accepted} for ${batch.length} records` };
    } catch (error) {
      if (error instanceof ImeiRejectedError)
        return { kind: 'retry', reason: error.message, retryAfterMs: IMEI_RETRY_MS };
      return { kind: 'retry', reason: (error as Error).message };
    }
  };
}
