import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed webhook (docs/webhooks.md). */
export const WEBHOOK_HEADERS = {
  signature: 'x-pioneira-signature',
  timestamp: 'x-pioneira-timestamp',
  delivery: 'x-pioneira-delivery',
} as const;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the endpoint's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: the signature must match and the timestamp be recent (default 5 minutes),
 * so a captured request cannot be replayed later. Receivers also drop a delivery id seen before.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || !headers.signature) return false;
  const now = options.now ?? Date.now();
  if (Math.abs(now / 1000 - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
