import type { Outcome } from '../delivery-queue';
import { retryAfterMs } from '../timing';

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * One HTTP exchange turned into an Outcome: 2xx acked; 503, 429, 408 and other 5xx or a network
 * failure retried (honouring Retry-After); any other 4xx refused with the server's error message.
 */
export async function httpOutcome(url: URL, init: RequestInit, signal: AbortSignal): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  } catch (error) {
    return { kind: 'retry', reason: `${url.host}: ${describe(error)}` };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { kind: 'acked' };
  const status = response.status;
  if (status === 503 || status === 429 || status === 408 || status >= 500) {
    return {
      kind: 'retry',
      reason: `HTTP ${status}`,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  }
  return { kind: 'refused', reason: `HTTP ${status} ${errorMessage(text)}`.trim() };
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    if (parsed.error) return `${parsed.error.code ?? ''}: ${parsed.error.message ?? ''}`;
  } catch {
    // not our JSON error shape: show the start of the body
  }
  return body.slice(0, 200);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
