import { clip } from './numbers';
import { DecodeError } from './position';

// Bounds of what a land vehicle or phone can plausibly report. A value outside them is a device bug,
// not a measurement; we drop the measurement (null) rather than lose the whole fix.
const MAX_SPEED_KMH = 2_000;
const MIN_ALTITUDE_M = -12_000;
const MAX_ALTITUDE_M = 100_000;
const MAX_ACCURACY_M = 1_000_000;

// Fix times outside this window cannot be real; Date would also turn them into Invalid Date.
const MIN_FIX_MS = 0;
const MAX_FIX_MS = Date.UTC(2100, 0, 1);

const MAX_IDENTIFIER_LENGTH = 128;

/** Throws unless both coordinates are finite degrees inside the globe. */
export function checkCoordinates(latitude: number, longitude: number): void {
  const ok =
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;
  if (!ok) {
    throw new DecodeError(
      'INVALID_COORDINATES',
      `Coordinates ${latitude},${longitude} are outside the globe (latitude ±90, longitude ±180).`,
    );
  }
}

/** Turns epoch milliseconds into a Date, refusing times before 1970 or from 2100 on. */
export function fixTime(epochMs: number): Date {
  if (!Number.isFinite(epochMs) || epochMs < MIN_FIX_MS || epochMs >= MAX_FIX_MS) {
    throw new DecodeError('INVALID_TIMESTAMP', `Fix time ${epochMs} ms is not between 1970 and 2100.`);
  }
  return new Date(epochMs);
}

/** Checks a device identifier: non-empty, printable, at most 128 characters. */
export function checkIdentifier(raw: string): string {
  const id = raw.trim();
  if (id === '') throw new DecodeError('MISSING_DEVICE_ID', 'The device identifier is empty.');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (id.length > MAX_IDENTIFIER_LENGTH || /[\u0000-\u001f\u007f]/.test(id)) {
    throw new DecodeError(
      'INVALID_DEVICE_ID',
      `Device identifier "${clip(id)}" must be printable and at most ${MAX_IDENTIFIER_LENGTH} characters.`,
    );
  }
  return id;
}

/** Speed in km/h, or null when absent, negative ("unknown" on phones) or implausible. */
export function plausibleSpeed(kmh: number | null): number | null {
  return kmh !== null && Number.isFinite(kmh) && kmh >= 0 && kmh <= MAX_SPEED_KMH ? kmh : null;
}

/** Course in [0, 360), or null when absent or negative (phones send -1 for "unknown"). */
export function plausibleCourse(degrees: number | null): number | null {
  if (degrees === null || !Number.isFinite(degrees) || degrees < 0 || degrees > 360) return null;
  return degrees % 360;
}

/** Altitude in metres, or null when absent or beyond trench depth / near-space height. */
export function plausibleAltitude(metres: number | null): number | null {
  return metres !== null && metres >= MIN_ALTITUDE_M && metres <= MAX_ALTITUDE_M ? metres : null;
}

/** Horizontal accuracy in metres, or null when absent, negative or absurd. */
export function plausibleAccuracy(metres: number | null): number | null {
  return metres !== null && metres >= 0 && metres <= MAX_ACCURACY_M ? metres : null;
}
