import { clip, parseDecimal } from '../numbers';
import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';
import { addAlarm, utcTime } from '../session/fields';
import { checkCoordinates, checkIdentifier, fixTime, plausibleCourse, plausibleSpeed } from '../validate';

const KNOTS = 1.852;

/** The 32-bit status word (bits are active-low): ignition, and the alarms it flags. */
export function h02Status(status: number, attributes: Record<string, AttributeValue>): void {
  attributes.status = status.toString(16).toUpperCase().padStart(8, '0');
  attributes.ignition = (status & (1 << 10)) !== 0;
  const low = (bit: number) => (status & (1 << bit)) === 0;
  if (low(0)) addAlarm(attributes, 'vibration');
  else if (low(1) || low(18)) addAlarm(attributes, 'sos');
  else if (low(2)) addAlarm(attributes, 'overspeed');
  else if (low(19)) addAlarm(attributes, 'powerCut');
}

/** `DDMM.MMMM` (or `DDDMM.MMMM`) with its hemisphere letter → signed degrees. */
function coordinate(text: string, hemisphere: string, field: string): number {
  // Some firmware writes a negative coordinate as "-DD-MM.MMMM".
  const dashed = /^-(\d{1,3})-(\d{1,2}\.\d+)$/.exec(text);
  if (dashed && (hemisphere === 'S' || hemisphere === 'W'))
    return -(Number(dashed[1]) + Number(dashed[2]) / 60);
  if (!/^\d{1,5}\.\d+$/.test(text)) {
    throw new DecodeError('INVALID_COORDINATES', `H02 ${field} "${clip(text)}" is not DDMM.MMMM.`);
  }
  const value = Number(text);
  const degrees = Math.floor(value / 100) + (value % 100) / 60;
  if (!['N', 'S', 'E', 'W'].includes(hemisphere)) {
    throw new DecodeError('INVALID_COORDINATES', `H02 hemisphere "${clip(hemisphere)}" is not N, S, E or W.`);
  }
  return hemisphere === 'S' || hemisphere === 'W' ? -degrees : degrees;
}

function hhmmss(time: string, date: string, context: string): number {
  if (!/^\d{6}$/.test(time) || !/^\d{6}$/.test(date)) {
    throw new DecodeError(
      'INVALID_TIMESTAMP',
      `H02 time "${clip(time)}" and date "${clip(date)}" must be hhmmss and ddmmyy.`,
    );
  }
  const n = (s: string, i: number) => Number(s.slice(i, i + 2));
  return utcTime(2000 + n(date, 4), n(date, 2), n(date, 0), n(time, 0), n(time, 2), n(time, 4), context);
}

/** A text V1 report: `*HQ,id,V1,hhmmss,A,lat,N,lon,E,knots,course,ddmmyy,status,…#`. */
export function decodeH02Text(fields: string[]): DecodedPosition {
  if (fields.length < 13) {
    throw new DecodeError('MALFORMED_RECORD', `An H02 V1 report has ${fields.length} fields, fewer than 13.`);
  }
  const [, id, , time, validity, lat, ns, lon, ew, speed, course, date, status] = fields as string[];
  const identifier = checkIdentifier(id!);
  const latitude = coordinate(lat!, ns!, 'latitude');
  const longitude = coordinate(lon!, ew!, 'longitude');
  checkCoordinates(latitude, longitude);
  const attributes: Record<string, AttributeValue> = { valid: validity === 'A' };
  if (!/^[0-9A-Fa-f]{8}$/.test(status!)) {
    throw new DecodeError('MALFORMED_RECORD', `H02 status "${clip(status!)}" is not 8 hex digits.`);
  }
  h02Status(Number.parseInt(status!, 16), attributes);
  const knots = speed === '' ? null : parseDecimal(speed!, 'speed');
  return {
    deviceIdentifier: identifier,
    fixedAt: fixTime(hhmmss(time!, date!, 'H02 V1 report')),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(knots === null ? null : Math.round(knots * KNOTS * 100) / 100),
    course: plausibleCourse(course === '' ? null : parseDecimal(course!, 'course')),
    altitude: null,
    accuracy: null,
    attributes,
  };
}

/** A binary report: `$`, id (5 bytes BCD), time, date, latitude, battery, longitude+flags, speed, course, status. */
export function decodeH02Binary(packet: Buffer): DecodedPosition {
  const hex = packet.subarray(1, 29).toString('hex');
  if (!/^\d{30}[0-9a-f]{2}\d{9}[0-9a-f]\d{6}/.test(hex)) {
    throw new DecodeError(
      'MALFORMED_RECORD',
      'An H02 binary report must hold BCD digits where its fields are.',
    );
  }
  const identifier = checkIdentifier(hex.slice(0, 10));
  const time = hex.slice(10, 16);
  const date = hex.slice(16, 22);
  const flags = Number.parseInt(hex[41]!, 16);
  const latitude = coordinate(
    `${hex.slice(22, 26)}.${hex.slice(26, 30)}`,
    flags & 0x04 ? 'N' : 'S',
    'latitude',
  );
  const longitude = coordinate(
    `${hex.slice(32, 37)}.${hex.slice(37, 41)}`,
    flags & 0x08 ? 'E' : 'W',
    'longitude',
  );
  checkCoordinates(latitude, longitude);
  const attributes: Record<string, AttributeValue> = { valid: (flags & 0x02) !== 0 };
  h02Status(packet.readUInt32BE(25), attributes);
  const knots = Number(hex.slice(42, 45));
  return {
    deviceIdentifier: identifier,
    fixedAt: fixTime(hhmmss(time, date, 'H02 binary report')),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(Math.round(knots * KNOTS * 100) / 100),
    course: plausibleCourse(Number(hex.slice(45, 48))),
    altitude: null,
    accuracy: null,
    attributes,
  };
}
