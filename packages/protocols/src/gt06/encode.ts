import { buildPacket } from './packet';
import { GT06 } from './types';

/** A location as a simulated GT06 device reports it. */
export interface Gt06LocationInput {
  fixedAt: Date;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  satellites?: number;
  ignition?: boolean;
  odometer?: number;
}

function bcdImei(imei: string): Buffer {
  return Buffer.from(imei.padStart(16, '0'), 'hex');
}

/** The login packet (0x01) of `imei`, with a time zone in minutes east of UTC when given. */
export function encodeGt06Login(imei: string, serial: number, zoneMinutes?: number): Buffer {
  if (zoneMinutes === undefined) return buildPacket(GT06.LOGIN, bcdImei(imei), serial);
  const abs = Math.abs(zoneMinutes);
  const zone = ((Math.floor(abs / 60) * 100 + (abs % 60)) << 4) | (zoneMinutes < 0 ? 0x08 : 0);
  return buildPacket(
    GT06.LOGIN,
    Buffer.concat([bcdImei(imei), Buffer.from([0x36, 0x08, zone >> 8, zone & 0xff])]),
    serial,
  );
}

function gpsBytes(input: Gt06LocationInput): Buffer {
  const t = input.fixedAt;
  const out = Buffer.alloc(18);
  out.set([
    t.getUTCFullYear() - 2000,
    t.getUTCMonth() + 1,
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  ]);
  out[6] = 0xc0 | Math.min(input.satellites ?? 9, 15);
  out.writeUInt32BE(Math.round(Math.abs(input.latitude) * 1_800_000), 7);
  out.writeUInt32BE(Math.round(Math.abs(input.longitude) * 1_800_000), 11);
  out[15] = Math.min(255, Math.round(input.speedKmh));
  let flags = 0x1000 | (Math.round(input.course) % 360);
  if (input.latitude >= 0) flags |= 0x0400;
  if (input.longitude < 0) flags |= 0x0800;
  out.writeUInt16BE(flags, 16);
  return out;
}

/** A GT06E location (0x22) with ignition, real-time flag and odometer (metres). */
export function encodeGt06Location(input: Gt06LocationInput, serial: number): Buffer {
  const tail = Buffer.alloc(15);
  tail.set([0x02, 0xd4, 0x0b, 0x00, 0x6e, 0x00, 0x55, 0xda]); // MCC 724 (Brazil), MNC 11, LAC, cell
  tail[8] = input.ignition ? 1 : 0;
  tail[9] = 0;
  tail[10] = 0; // real time
  tail.writeUInt32BE(Math.max(0, Math.round(input.odometer ?? 0)), 11);
  return buildPacket(GT06.GPS_LBS_EXTENDED, Buffer.concat([gpsBytes(input), tail]), serial);
}

/** A heartbeat/status packet (0x13): ignition, voltage level 0-6, GSM signal 0-4. */
export function encodeGt06Status(ignition: boolean, serial: number): Buffer {
  return buildPacket(GT06.STATUS, Buffer.from([0x40 | (ignition ? 0x02 : 0) | 0x04, 6, 4, 0, 2]), serial);
}
