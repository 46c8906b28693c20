import { AppError } from '@pioneira/core';

/** Ingest is saturated: the caller should retry after `retryAfterSeconds` (HTTP 503, Teltonika ACK 0). */
export class OverloadedError extends AppError {
  constructor(readonly retryAfterSeconds = 1) {
    super(
      503,
      'overloaded',
      `Ingest is saturated; nothing was stored. Retry in ${retryAfterSeconds} s.`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    );
    this.name = 'OverloadedError';
  }
}

/** Positions of a device nobody registered: refused and counted, never stored. */
export class UnknownDeviceError extends AppError {
  constructor(readonly identifiers: string[]) {
    super(
      404,
      'unknown_device',
      `Unknown device ${identifiers.slice(0, 3).join(', ')}: register it under /api/devices first; nothing was stored.`,
    );
    this.name = 'UnknownDeviceError';
  }
}
