import { setAttribute, typedJson } from './attributes';
import { readJsonNumber } from './numbers';
import { type AttributeValue, type DecodedPosition, DecodeError } from './position';
import {
  checkCoordinates,
  checkIdentifier,
  fixTime,
  plausibleAccuracy,
  plausibleAltitude,
  plausibleCourse,
  plausibleSpeed,
} from './validate';

/** Who published an OwnTracks message: the `<user>` and `<device>` of its topic or HTTP request. */
export interface OwnTracksIdentity {
  user: string;
  device: string;
}

// Fields that become position columns, or that only repeat what the identity already says.
const CONSUMED = new Set(['_type', 'lat', 'lon', 'tst', 'vel', 'cog', 'alt', 'acc', 'batt', 'topic']);

/** Reads `owntracks/<user>/<device>`; null for any other topic (events, cmd, info, …). */
export function parseOwnTracksTopic(topic: string): OwnTracksIdentity | null {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== 'owntracks' || parts[1] === '' || parts[2] === '') return null;
  return { user: parts[1], device: parts[2] };
}

/**
 * Decodes an OwnTracks message (parsed JSON, or its raw text/bytes). Returns null for valid messages
 * that carry no position (`lwt`, `transition`, `card`, …); throws DecodeError for malformed ones.
 */
export function decodeOwnTracks(payload: unknown, identity: OwnTracksIdentity): DecodedPosition | null {
  const message = parsePayload(payload);
  if (typeof message._type !== 'string') {
    throw new DecodeError('INVALID_PAYLOAD', 'An OwnTracks message needs a string `_type`.');
  }
  if (message._type !== 'location') return null;

  const deviceIdentifier = checkIdentifier(`${identity.user}/${identity.device}`);
  const latitude = readJsonNumber(message.lat, 'lat');
  const longitude = readJsonNumber(message.lon, 'lon');
  if (latitude === null || longitude === null) {
    throw new DecodeError('MISSING_POSITION', 'An OwnTracks location needs `lat` and `lon`.');
  }
  checkCoordinates(latitude, longitude);
  const tst = readJsonNumber(message.tst, 'tst');
  if (tst === null)
    throw new DecodeError('INVALID_TIMESTAMP', 'An OwnTracks location needs `tst` (epoch seconds).');

  return {
    deviceIdentifier,
    fixedAt: fixTime(tst * 1000),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(readJsonNumber(message.vel, 'vel')),
    course: plausibleCourse(readJsonNumber(message.cog, 'cog')),
    altitude: plausibleAltitude(readJsonNumber(message.alt, 'alt')),
    accuracy: plausibleAccuracy(readJsonNumber(message.acc, 'acc')),
    attributes: readAttributes(message),
  };
}

function readAttributes(message: Record<string, unknown>): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  const battery = readJsonNumber(message.batt, 'batt');
  if (battery !== null) setAttribute(attributes, 'batteryLevel', battery);
  // The rest (tid, t, conn, vac, bs, created_at, qtripp's ign/odometer/…) is kept under its own name.
  for (const [key, raw] of Object.entries(message)) {
    if (CONSUMED.has(key)) continue;
    const value =
      Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? raw.join(',') : typedJson(raw);
    if (value !== undefined) setAttribute(attributes, key, value);
  }
  return attributes;
}

function parsePayload(payload: unknown): Record<string, unknown> {
  let message = payload;
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    try {
      message = JSON.parse(payload.toString());
    } catch (error) {
      throw new DecodeError(
        'INVALID_JSON',
        `The OwnTracks payload is not valid JSON: ${(error as Error).message}`,
      );
    }
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new DecodeError('INVALID_PAYLOAD', 'An OwnTracks message must be a JSON object.');
  }
  return message as Record<string, unknown>;
}
