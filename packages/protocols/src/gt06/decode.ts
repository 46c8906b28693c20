import { type AttributeValue, type DecodedPosition, DecodeError } from '../position';
import { addAlarm, utcTime } from '../session/fields';
import { checkCoordinates, fixTime, plausibleCourse, plausibleSpeed } from '../validate';
import { GT06, GT06_ALARMS } from './types';

type Attributes = Record<string, AttributeValue>;

const need = (content: Buffer, bytes: number, what: string) => {
  if (content.length < bytes) {
    throw new DecodeError(
      'MALFORMED_RECORD',
      `The GT06 ${what} packet holds ${content.length} bytes, fewer than ${bytes}.`,
    );
  }
};

/** Device clock (YY MM DD hh mm ss) → UTC epoch ms, the clock being `offsetMinutes` ahead of UTC. */
function deviceTime(content: Buffer, offsetMinutes: number): number {
  const [y, mo, d, h, mi, s] = content.subarray(0, 6);
  const local = utcTime(2000 + y!, mo!, d!, h!, mi!, s!, 'GT06 date and time');
  return local - offsetMinutes * 60_000;
}

/** The 12 GPS bytes after the time: satellites, latitude, longitude, speed, course and status. */
function gpsFix(
  content: Buffer,
  at: number,
  identifier: string,
  fixedAtMs: number,
  attributes: Attributes,
): DecodedPosition {
  const satellites = content[at]! & 0x0f;
  let latitude = content.readUInt32BE(at + 1) / 1_800_000;
  let longitude = content.readUInt32BE(at + 5) / 1_800_000;
  const speed = content[at + 9]!;
  const flags = content.readUInt16BE(at + 10);
  if ((flags & 0x0400) === 0) latitude = -latitude; // bit 10: north
  if ((flags & 0x0800) !== 0) longitude = -longitude; // bit 11: west
  checkCoordinates(latitude, longitude);
  attributes.sat = satellites;
  attributes.valid = (flags & 0x1000) !== 0;
  return {
    deviceIdentifier: identifier,
    fixedAt: fixTime(fixedAtMs),
    latitude,
    longitude,
    speedKmh: plausibleSpeed(speed),
    course: plausibleCourse(flags & 0x03ff),
    altitude: null,
    accuracy: null,
    attributes,
  };
}

/** Terminal information byte of status and alarm packets. */
export function terminalInfo(byte: number, attributes: Attributes): void {
  attributes.armed = (byte & 0x01) !== 0;
  attributes.ignition = (byte & 0x02) !== 0;
  attributes.charge = (byte & 0x04) !== 0;
  attributes.blocked = (byte & 0x80) !== 0; // oil and electricity cut: the engine is immobilised
  const alarm = (byte >> 3) & 0x07;
  if (alarm === 4) addAlarm(attributes, 'sos');
  else if (alarm === 3) addAlarm(attributes, 'lowBattery');
  else if (alarm === 2) addAlarm(attributes, 'powerCut');
  else if (alarm === 1) addAlarm(attributes, 'vibration');
}

/** Voltage level 0 (none) … 6 (full) → battery percentage. */
export function batteryLevel(level: number, attributes: Attributes): void {
  if (level <= 6) attributes.batteryLevel = Math.round((level * 100) / 6);
}

function cell(content: Buffer, at: number, attributes: Attributes): void {
  if (content.length < at + 8) return;
  attributes.cell = `${content.readUInt16BE(at)}-${content[at + 2]}-${content.readUInt16BE(at + 3)}-${content.readUIntBE(at + 5, 3)}`;
}

/** Decodes a location or alarm packet (0x12, 0x22, 0x16, 0x26) of an identified device. */
export function decodeLocation(
  protocol: number,
  content: Buffer,
  identifier: string,
  offsetMinutes: number,
): DecodedPosition {
  const isAlarm = protocol === GT06.ALARM || protocol === GT06.ALARM_EXTENDED;
  need(content, 18, isAlarm ? 'alarm' : 'location');
  const attributes: Attributes = {};
  const position = gpsFix(content, 6, identifier, deviceTime(content, offsetMinutes), attributes);
  if (isAlarm) {
    // LBS length byte, then the cell (its length counts itself), then terminal info, voltage, GSM, alarm, language.
    const lbsLength = content[18] ?? 0;
    if (lbsLength >= 9) cell(content, 19, attributes);
    const status = 18 + Math.max(lbsLength, 1);
    need(content, status + 4, 'alarm');
    terminalInfo(content[status]!, attributes);
    batteryLevel(content[status + 1]!, attributes);
    attributes.rssi = content[status + 2]!;
    const alarm = content[status + 3]!;
    if (alarm !== 0) {
      attributes.alarmCode = alarm;
      const name = GT06_ALARMS[alarm];
      if (name) addAlarm(attributes, name);
    }
  } else {
    cell(content, 18, attributes);
    if (protocol === GT06.GPS_LBS_EXTENDED && content.length >= 29) {
      attributes.ignition = content[26] !== 0;
      if (content[28] === 1) attributes.archive = true; // re-uploaded from the device's memory
      if (content.length >= 33) attributes.odometer = content.readUInt32BE(29);
    }
  }
  return position;
}

/** Decodes a status (0x13) or heartbeat (0x23) packet into attributes. */
export function decodeStatus(protocol: number, content: Buffer): Attributes {
  need(content, 3, 'status');
  const attributes: Attributes = {};
  terminalInfo(content[0]!, attributes);
  if (protocol === GT06.HEARTBEAT) {
    need(content, 4, 'heartbeat');
    attributes.battery = content.readUInt16BE(1) / 100;
  } else {
    batteryLevel(content[1]!, attributes);
    attributes.rssi = content[2]!;
  }
  return attributes;
}

/** The text of a string-information (0x15) or command-answer (0x21) packet. */
export function decodeAnswer(protocol: number, content: Buffer): string {
  if (protocol === GT06.STRING_INFO) {
    need(content, 5, 'string information');
    const length = Math.min(content[0]!, content.length - 1);
    return content.subarray(5, 1 + length).toString('latin1');
  }
  need(content, 5, 'command answer');
  const encoding = content[4]!;
  const text = content.subarray(5);
  return encoding === 2 ? text.swap16().toString('utf16le') : text.toString('latin1');
}
