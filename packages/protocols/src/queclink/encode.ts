/** A fix as a simulated Queclink GV300 reports it. */
export interface QueclinkReportInput {
  fixedAt: Date;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  ignition?: boolean;
  /** Metres. */
  odometer?: number;
  count: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const stamp = (t: Date) =>
  `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;

/** The count a report ends with (4 hex digits), which the server's `+SACK` echoes. */
export const queclinkCount = (n: number) => (n & 0xffff).toString(16).toUpperCase().padStart(4, '0');

/** A GV300-style fixed report `+RESP:GTFRI,…$` of one fix. */
export function encodeQueclinkFri(imei: string, input: QueclinkReportInput): Buffer {
  const fields = [
    '+RESP:GTFRI',
    '270B01',
    imei,
    'GV300',
    '12600',
    '10',
    '1',
    '1',
    input.speedKmh.toFixed(1),
    String(Math.round(input.course) % 360),
    '760.0',
    input.longitude.toFixed(6),
    input.latitude.toFixed(6),
    stamp(input.fixedAt),
    '0724',
    '0011',
    '2F03',
    'BDB2E4B',
    '00',
    ((input.odometer ?? 0) / 1000).toFixed(1),
    '',
    '',
    '',
    '100',
    input.ignition ? '220100' : '110100',
    '',
    '',
    '',
    stamp(input.fixedAt),
    queclinkCount(input.count),
  ];
  return Buffer.from(`${fields.join(',')}$`, 'latin1');
}
