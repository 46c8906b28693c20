import { setAttribute, typedJson, typedText } from '../attributes';
import { clip, readNumber } from '../numbers';
import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';
import {
  checkCoordinates,
  checkIdentifier,
  plausibleAccuracy,
  plausibleAltitude,
  plausibleCourse,
  plausibleSpeed,
} from '../validate';
import { parseOsmAndTimestamp } from './timestamp';

/** OsmAnd parameters by name, each with every value it was sent with (query, form or flat JSON). */
export type OsmAndParams = Map<string, unknown[]>;

// Traccar Client sends speed in knots (Android: location.speed * 1.943844).
export const KMH_PER_KNOT = 1.852;

const ID_KEYS = ['id', 'deviceid', 'device_id'];
// `secret` is the device's credential (checked by the ingest server), never an attribute to store.
const HANDLED = new Set([
  ...ID_KEYS,
  'secret',
  'timestamp',
  'lat',
  'lon',
  'location',
  'speed',
  'bearing',
  'heading',
  'altitude',
  'accuracy',
  'hdop',
  'batt',
  'charge',
  'valid',
  'cell',
  'wifi',
]);

/** Decodes one position from flat OsmAnd parameters (query string, form body or one flat JSON object). */
export function decodeOsmAndParams(params: OsmAndParams, now: Date): DecodedPosition {
  const deviceIdentifier = readIdentifier(params);
  const { latitude, longitude } = readCoordinates(params);
  const attributes: Record<string, AttributeValue> = {};

  const hdop = number(params, 'hdop');
  if (hdop !== null) setAttribute(attributes, 'hdop', hdop);
  const battery = number(params, 'batt');
  if (battery !== null) setAttribute(attributes, 'batteryLevel', battery);
  for (const key of ['charge', 'valid']) {
    const flag = first(params, key);
    if (flag !== undefined && flag !== '')
      setAttribute(attributes, key, flag === true || flag === 'true' || flag === '1' || flag === 1);
  }
  for (const key of ['cell', 'wifi']) {
    const all = params.get(key)?.filter((value) => typeof value === 'string' && value !== '');
    if (all?.length) setAttribute(attributes, key, all.join(';'));
  }
  for (const [key, values] of params) {
    if (HANDLED.has(key)) continue;
    const value = values[0];
    const typed = typeof value === 'string' ? typedText(value) : typedJson(value);
    if (typed !== undefined) setAttribute(attributes, key, typed);
  }

  const knots = number(params, 'speed');
  return {
    deviceIdentifier,
    fixedAt: parseOsmAndTimestamp(first(params, 'timestamp'), now),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(knots === null ? null : knots * KMH_PER_KNOT),
    course: plausibleCourse(number(params, 'bearing') ?? number(params, 'heading')),
    altitude: plausibleAltitude(number(params, 'altitude')),
    accuracy: plausibleAccuracy(number(params, 'accuracy')),
    attributes,
  };
}

/** Reads `id`, `deviceid` or `device_id`; throws MISSING_DEVICE_ID when none is present. */
export function readIdentifier(params: OsmAndParams): string {
  for (const key of ID_KEYS) {
    const value = first(params, key);
    if (typeof value === 'string' && value.trim() !== '') return checkIdentifier(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return checkIdentifier(String(value));
  }
  throw new DecodeError('MISSING_DEVICE_ID', 'The request has no device id: send `id` (or `deviceid`).');
}

function readCoordinates(params: OsmAndParams): { latitude: number; longitude: number } {
  let latitude = number(params, 'lat');
  let longitude = number(params, 'lon');
  const location = first(params, 'location');
  if ((latitude === null || longitude === null) && typeof location === 'string' && location !== '') {
    const parts = location.split(',');
    if (parts.length !== 2) {
      throw new DecodeError('INVALID_NUMBER', `location "${clip(location)}" must be "lat,lon".`);
    }
    latitude = readNumber(parts[0], 'location latitude');
    longitude = readNumber(parts[1], 'location longitude');
  }
  if (latitude === null || longitude === null) {
    throw new DecodeError(
      'MISSING_POSITION',
      'The request has no position: send `lat` and `lon` (or `location=lat,lon`).',
    );
  }
  checkCoordinates(latitude, longitude);
  return { latitude, longitude };
}

function first(params: OsmAndParams, key: string): unknown {
  return params.get(key)?.[0];
}

function number(params: OsmAndParams, key: string): number | null {
  return readNumber(first(params, key), key);
}
