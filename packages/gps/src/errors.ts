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

/** A device registered with a secret sent none or a wrong one (OsmAnd, OwnTracks HTTP). */
export class DeviceSecretError extends AppError {
  constructor(identifier: string) {
    super(
      401,
      'invalid_device_secret',
      `Device ${identifier} requires its secret: send it as ?secret=… or as the Basic-auth password; nothing was stored.`,
    );
    this.name = 'DeviceSecretError';
  }
}

/** A fix time outside the accepted window (see FixWindow). */
export class FixTimeError extends AppError {
  constructor(index: number, window: string) {
    super(
      400,
      'invalid_fix_time',
      `Position ${index} has a fix time outside the accepted window (${window}); check the device clock. Nothing was stored.`,
    );
    this.name = 'FixTimeError';
  }
}
