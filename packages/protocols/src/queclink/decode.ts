import { clip } from '../numbers';
import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';
import { addAlarm, compactUtc, optionalDecimal } from '../session/fields';
import {
  checkCoordinates,
  checkIdentifier,
  fixTime,
  plausibleAccuracy,
  plausibleAltitude,
  plausibleCourse,
  plausibleSpeed,
} from '../validate';

type Attributes = Record<string, AttributeValue>;

/** Reports that carry fixes, with what they say beyond the fix. */
const REPORTS: Record<string, (a: Attributes) => void> = {
  GTFRI: () => {},
  GTRTL: () => {},
  GTTOW: (a) => addAlarm(a, 'tow'),
  GTSOS: (a) => addAlarm(a, 'sos'),
  GTSPD: (a) => addAlarm(a, 'overspeed'),
  GTGEO: (a) => addAlarm(a, 'geofence'),
  GTHBM: (a) => addAlarm(a, 'hardBehaviour'),
  GTMPF: (a) => addAlarm(a, 'powerCut'),
  GTMPN: (a) => addAlarm(a, 'powerRestored'),
  GTBPL: (a) => addAlarm(a, 'lowBattery'),
  GTJDR: (a) => addAlarm(a, 'jamming'),
  GTIGN: (a) => (a.ignition = true),
  GTIGF: (a) => (a.ignition = false),
  GTIGL: () => {},
  GTSTT: () => {},
  GTLOC: () => {},
};

/** True for the report types decoded into positions. */
export const isQueclinkReport = (type: string) => Object.hasOwn(REPORTS, type);

const TIME = /^\d{14}$/;
const DEGREES = /^-?\d{1,3}\.\d+$/;

/** Indexes of the UTC time field of every fix: `accuracy,speed,azimuth,altitude,lon,lat,time`. */
function fixIndexes(fields: string[]): number[] {
  const found: number[] = [];
  for (let i = 9; i < fields.length; i++) {
    if (TIME.test(fields[i]!) && DEGREES.test(fields[i - 1]!) && DEGREES.test(fields[i - 2]!)) found.push(i);
  }
  return found;
}

/** The attributes after the last fix (GV300 family): cell, mileage (km), battery %, device status. */
function tail(fields: string[], last: number, attributes: Attributes): void {
  const mileage = optionalDecimal(fields[last + 6], 'mileage');
  if (mileage !== null) attributes.odometer = Math.round(mileage * 1000);
  // Device status: 6 hex digits whose first byte is the motion state (1x ignition off, 2x on).
  for (let i = last + 7; i < fields.length - 2; i++) {
    const status = fields[i]!;
    if (!/^[0-9A-F]{6}$/.test(status) || !/^[124]/.test(status)) continue;
    attributes.deviceStatus = status;
    if (status[0] === '1') attributes.ignition = false;
    if (status[0] === '2') attributes.ignition = true;
    const battery = optionalDecimal(fields[i - 1], 'battery');
    if (battery !== null && battery <= 100) attributes.batteryLevel = battery;
    break;
  }
}

/**
 * A `+RESP:`/`+BUFF:` report with fixes: `+RESP:GTFRI,version,imei,name,[power,]id+type,count,
 * accuracy,speed,azimuth,altitude,longitude,latitude,time,mcc,mnc,lac,cell,reserved,…,send time,count$`.
 */
export function decodeQueclinkReport(fields: string[], buffered: boolean): DecodedPosition[] {
  const type = fields[0]!.slice(fields[0]!.indexOf(':') + 1);
  const identifier = checkIdentifier(fields[2] ?? '');
  const times = fixIndexes(fields);
  if (times.length === 0) {
    throw new DecodeError('MALFORMED_RECORD', `Queclink ${type} "${clip(fields.join(','))}" holds no fix.`);
  }
  const common: Attributes = {};
  REPORTS[type]?.(common);
  if (buffered) common.archive = true;
  const power = fields[times[0]! - 9];
  if (power !== undefined && /^\d{4,5}$/.test(power)) common.power = Number(power) / 1000;
  const last = times[times.length - 1]!;
  tail(fields, last, common);
  return times.map((i) => {
    const latitude = Number(fields[i - 1]);
    const longitude = Number(fields[i - 2]);
    checkCoordinates(latitude, longitude);
    const hdop = optionalDecimal(fields[i - 6], 'accuracy');
    const attributes: Attributes = { ...common, valid: hdop !== null && hdop > 0 };
    if (hdop !== null) attributes.hdop = hdop;
    return {
      deviceIdentifier: identifier,
      fixedAt: fixTime(compactUtc(fields[i]!, `Queclink ${type}`)),
      latitude,
      longitude,
      speedKmh: plausibleSpeed(optionalDecimal(fields[i - 5], 'speed')),
      course: plausibleCourse(optionalDecimal(fields[i - 4], 'azimuth')),
      altitude: plausibleAltitude(optionalDecimal(fields[i - 3], 'altitude')),
      accuracy: plausibleAccuracy(null),
      attributes,
    };
  });
}
