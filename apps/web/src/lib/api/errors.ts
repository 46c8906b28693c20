/** An API answer other than 2xx, or no answer at all (`status` 0, code `network_error`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds to wait before trying again, from a 429's `Retry-After` header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function fallbackCode(status: number): string {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  // A 5xx without our error body comes from the web server's proxy: the API itself did not answer.
  if (status >= 500) return 'api_unavailable';
  return 'http_error';
}

/** Builds an ApiError from the `{ error: { code, message, details } }` body every API error carries. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return new ApiError(
    response.status,
    body?.error?.code ?? fallbackCode(response.status),
    body?.error?.message ?? `The API answered ${response.status} ${response.statusText}.`,
    body?.error?.details,
    parseRetryAfter(response.headers.get('retry-after')),
  );
}
