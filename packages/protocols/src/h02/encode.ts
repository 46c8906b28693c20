/** A fix as a simulated H02 device reports it. */
export interface H02ReportInput {
  fixedAt: Date;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  ignition?: boolean;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function ddmm(value: number, degreeDigits: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = (abs - degrees) * 60;
  return `${pad(degrees, degreeDigits)}${minutes.toFixed(4).padStart(7, '0')}`;
}

/** The text V1 report `*HQ,<id>,V1,…#` of a simulated device. */
export function encodeH02Text(id: string, input: H02ReportInput): Buffer {
  const t = input.fixedAt;
  const time = `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
  const date = `${pad(t.getUTCDate())}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCFullYear() % 100)}`;
  // Active-low status: bit 10 set = ignition on.
  const status = (input.ignition ? 0xffffffff : 0xfffffbff) >>> 0;
  const fields = [
    '*HQ',
    id,
    'V1',
    time,
    'A',
    ddmm(input.latitude, 2),
    input.latitude < 0 ? 'S' : 'N',
    ddmm(input.longitude, 3),
    input.longitude < 0 ? 'W' : 'E',
    (input.speedKmh / 1.852).toFixed(2),
    String(Math.round(input.course) % 360),
    date,
    status.toString(16).toUpperCase(),
  ];
  return Buffer.from(`${fields.join(',')}#`, 'latin1');
}
