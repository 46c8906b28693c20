import { clip } from '../numbers';
import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';
import { addAlarm, compactUtc, optionalDecimal, requiredDecimal } from '../session/fields';
import { checkCoordinates, checkIdentifier, fixTime, plausibleCourse, plausibleSpeed } from '../validate';

type Attributes = Record<string, AttributeValue>;

/** Suntech alert ids (ALT) with a name the rules know; every id is also kept as `alertId`. */
const ALERTS: Record<number, string> = {
  1: 'overspeed',
  40: 'powerRestored',
  41: 'powerCut',
  46: 'hardAcceleration',
  47: 'hardBraking',
  48: 'hardCornering',
  50: 'jamming',
};

/** The message types that carry a fix. */
export const SUNTECH_REPORTS = new Set(['STT', 'ALT', 'EMG', 'EVT', 'UEX']);

const COORDINATE = /^[+-]?\d{1,3}\.\d+$/;

function base(
  id: string,
  date: string,
  time: string,
  lat: string,
  lon: string,
  speed: string,
  course: string,
) {
  if (!COORDINATE.test(lat) || !COORDINATE.test(lon)) {
    throw new DecodeError(
      'INVALID_COORDINATES',
      `Suntech coordinates "${clip(lat)};${clip(lon)}" are not signed degrees.`,
    );
  }
  const latitude = Number(lat);
  const longitude = Number(lon);
  checkCoordinates(latitude, longitude);
  return {
    deviceIdentifier: checkIdentifier(id),
    fixedAt: fixTime(compactUtc(`${date}${time}`, 'Suntech report')),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(requiredDecimal(speed, 'speed')),
    course: plausibleCourse(requiredDecimal(course, 'course')),
    altitude: null,
    accuracy: null,
  };
}

function alert(type: string, id: string | undefined, attributes: Attributes): void {
  if (type === 'EMG') addAlarm(attributes, 'sos');
  if (type !== 'ALT' || id === undefined || !/^\d+$/.test(id)) return;
  attributes.alertId = Number(id);
  const name = ALERTS[Number(id)];
  if (name) addAlarm(attributes, name);
  if (id === '33') attributes.ignition = true;
  if (id === '34') attributes.ignition = false;
}

/**
 * The fixed layout of SA200/ST300/ST340/ST600 firmware: `ST300STT;id;[model;]sw;date;time;cell;
 * [mcc;mnc;lac;rx;]lat;lon;spd;crs;satt;fix;dist;pwr_volt;io;mode|alert;msg_num;h_meter;bck_volt;type`.
 */
export function decodeSuntechFixed(type: string, fields: string[]): DecodedPosition {
  const dateAt = fields.findIndex((f, i) => i >= 2 && i <= 4 && /^\d{8}$/.test(f));
  const latAt = fields.findIndex((f, i) => i > dateAt + 2 && COORDINATE.test(f));
  if (dateAt < 0 || latAt < 0 || fields.length < latAt + 8) {
    throw new DecodeError(
      'MALFORMED_RECORD',
      `Suntech ${type} report "${clip(fields.join(';'))}" lacks a date or position.`,
    );
  }
  const f = (offset: number) => fields[latAt + offset];
  const attributes: Attributes = {};
  attributes.sat = requiredDecimal(f(4), 'satellites');
  attributes.valid = f(5) === '1';
  const odometer = optionalDecimal(f(6), 'distance');
  if (odometer !== null) attributes.odometer = odometer;
  const power = optionalDecimal(f(7), 'power voltage');
  if (power !== null) attributes.power = power;
  const io = f(8);
  if (io !== undefined && /^[01]+$/.test(io)) {
    attributes.io = io;
    attributes.ignition = io[0] === '1';
  }
  alert(type, f(9), attributes);
  if (type === 'STT' || type === 'ALT') {
    const backup = optionalDecimal(f(type === 'STT' ? 12 : 11), 'backup voltage');
    if (backup !== null && backup < 10) attributes.battery = backup;
    if (f(type === 'STT' ? 13 : 12) === '0') attributes.archive = true;
  }
  const position = base(
    fields[1]!,
    fields[dateAt]!,
    fields[dateAt + 1]!,
    fields[latAt]!,
    f(1)!,
    f(2)!,
    f(3)!,
  );
  return { ...position, attributes };
}

/**
 * The "universal" layout of ST4300/ST4310/ST8300 firmware: `STT;id;mask;…`, where the hex mask says
 * which of model, software, message type, date and time, cell, MCC, MNC, LAC, RX level, latitude,
 * longitude, speed, course, satellites, fix, inputs, outputs, mode/alert follow.
 */
export function decodeSuntechUniversal(type: string, fields: string[]): DecodedPosition {
  if (!/^[0-9A-Fa-f]{1,8}$/.test(fields[2] ?? '')) {
    throw new DecodeError(
      'MALFORMED_RECORD',
      `Suntech universal mask "${clip(fields[2] ?? '')}" is not hex.`,
    );
  }
  const mask = Number.parseInt(fields[2]!, 16);
  const has = (bit: number) => (mask & (1 << bit)) !== 0;
  for (const bit of [4, 5, 11, 12, 13, 14]) {
    if (!has(bit)) {
      throw new DecodeError(
        'MALFORMED_RECORD',
        `Suntech universal mask ${fields[2]} leaves out the time or position.`,
      );
    }
  }
  let at = 3;
  const take = (bit: number) => (has(bit) ? fields[at++] : undefined);
  take(1);
  take(2);
  const archive = take(3) === '0';
  const date = take(4)!;
  const time = take(5)!;
  for (const bit of [6, 7, 8, 9, 10]) take(bit);
  const lat = take(11)!;
  const lon = take(12)!;
  const speed = take(13)!;
  const course = take(14)!;
  const satellites = take(15);
  const fix = take(16);
  const inputs = take(17);
  take(18);
  const mode = take(19);
  if (time === undefined || course === undefined) {
    throw new DecodeError('MALFORMED_RECORD', 'The Suntech universal report ends before its position.');
  }
  const attributes: Attributes = {};
  if (archive) attributes.archive = true;
  if (satellites !== undefined) attributes.sat = requiredDecimal(satellites, 'satellites');
  if (fix !== undefined) attributes.valid = fix === '1';
  if (inputs !== undefined && /^[01]+$/.test(inputs)) {
    attributes.io = inputs;
    attributes.ignition = inputs.endsWith('1'); // input 1, the rightmost digit, is the ignition
  }
  alert(type, mode, attributes);
  const position = base(fields[1]!, date, time, lat, lon, speed, course);
  return { ...position, attributes };
}
