import { setAttribute, typedJson } from '../attributes';
import { readJsonNumber } from '../numbers';
import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';
import {
  checkCoordinates,
  plausibleAccuracy,
  plausibleAltitude,
  plausibleCourse,
  plausibleSpeed,
} from '../validate';
import { parseOsmAndTimestamp } from './timestamp';

const KMH_PER_MPS = 3.6;

/**
 * Decodes one `location` object of the Transistorsoft background-geolocation shape that Traccar Client
 * 9.x sends: `{timestamp, coords:{latitude, longitude, speed(m/s), heading, …}, battery, is_moving, …}`.
 */
export function decodeTransistorsoftLocation(
  location: unknown,
  deviceIdentifier: string,
  now: Date,
): DecodedPosition {
  if (!isObject(location)) {
    throw new DecodeError('INVALID_PAYLOAD', '`location` must be an object (or an array of objects).');
  }
  const coords = location.coords;
  if (!isObject(coords)) {
    throw new DecodeError('MISSING_POSITION', '`location.coords` with latitude and longitude is required.');
  }
  const latitude = readJsonNumber(coords.latitude, 'coords.latitude');
  const longitude = readJsonNumber(coords.longitude, 'coords.longitude');
  if (latitude === null || longitude === null) {
    throw new DecodeError('MISSING_POSITION', '`location.coords` must have latitude and longitude.');
  }
  checkCoordinates(latitude, longitude);
  const speedMps = readJsonNumber(coords.speed, 'coords.speed');

  return {
    deviceIdentifier,
    fixedAt: parseOsmAndTimestamp(location.timestamp, now),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(speedMps === null ? null : speedMps * KMH_PER_MPS),
    course: plausibleCourse(readJsonNumber(coords.heading, 'coords.heading')),
    altitude: plausibleAltitude(readJsonNumber(coords.altitude, 'coords.altitude')),
    accuracy: plausibleAccuracy(readJsonNumber(coords.accuracy, 'coords.accuracy')),
    attributes: readAttributes(location),
  };
}

function readAttributes(location: Record<string, unknown>): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  const battery = location.battery;
  if (isObject(battery)) {
    // level is 0..1, and -1 when the platform does not know (iOS simulator).
    const level = readJsonNumber(battery.level, 'battery.level');
    if (level !== null && level >= 0 && level <= 1)
      setAttribute(attributes, 'batteryLevel', Math.round(level * 1000) / 10);
    if (typeof battery.is_charging === 'boolean') setAttribute(attributes, 'charge', battery.is_charging);
  }
  if (typeof location.is_moving === 'boolean') setAttribute(attributes, 'motion', location.is_moving);
  const odometer = readJsonNumber(location.odometer, 'odometer');
  if (odometer !== null) setAttribute(attributes, 'odometer', odometer);
  for (const key of ['event', 'mock', 'alarm']) {
    const value = typedJson(location[key]);
    if (value !== undefined) setAttribute(attributes, key, value);
  }
  const activity = location.activity;
  if (isObject(activity) && typeof activity.type === 'string')
    setAttribute(attributes, 'activity', activity.type);
  const extras = location.extras;
  if (isObject(extras)) {
    for (const [key, raw] of Object.entries(extras)) {
      if (key === 'secret') continue; // a credential, never stored
      const value = typedJson(raw);
      if (value !== undefined) setAttribute(attributes, key, value);
    }
  }
  return attributes;
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
