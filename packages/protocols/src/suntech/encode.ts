/** A fix as a simulated Suntech ST300 reports it. */
export interface SuntechReportInput {
  fixedAt: Date;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  ignition?: boolean;
  odometer?: number;
  power?: number;
  serial?: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const signed = (value: number, digits: number) =>
  `${value < 0 ? '-' : '+'}${Math.abs(value)
    .toFixed(6)
    .padStart(digits + 7, '0')}`;

/** An ST300 status report `ST300STT;…` (the fixed layout) ending in CR. */
export function encodeSuntechStt(id: string, input: SuntechReportInput): Buffer {
  const t = input.fixedAt;
  const fields = [
    'ST300STT',
    id,
    '04',
    '706',
    `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`,
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`,
    '0d1f2a',
    signed(input.latitude, 2),
    signed(input.longitude, 3),
    input.speedKmh.toFixed(3).padStart(7, '0'),
    input.course.toFixed(2).padStart(6, '0'),
    '10',
    '1',
    String(Math.round(input.odometer ?? 0)),
    (input.power ?? 12.6).toFixed(2),
    input.ignition ? '100000' : '000000',
    '1',
    pad(input.serial ?? 1, 4),
    '000000',
    '4.1',
    '1',
  ];
  return Buffer.from(`${fields.join(';')}\r`, 'latin1');
}
