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

/** The fields from the device time to the status word, shared by V1 reports and V4 answers. */
function reportFields(input: H02ReportInput): string[] {
  const t = input.fixedAt;
  const time = `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
  const date = `${pad(t.getUTCDate())}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCFullYear() % 100)}`;
  // Active-low status: bit 10 set = ignition on.
  const status = (input.ignition ? 0xffffffff : 0xfffffbff) >>> 0;
  return [
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
}

/** The text V1 report `*HQ,<id>,V1,…#` of a simulated device. */
export function encodeH02Text(id: string, input: H02ReportInput): Buffer {
  return Buffer.from(`${['*HQ', id, 'V1', ...reportFields(input)].join(',')}#`, 'latin1');
}

/**
 * The V4 answer of a simulated device to a command: `*HQ,<id>,V4,<CMD>,<result>,<command time>,
 * <device time>,A,…#`, the command's name and time echoed, `result` (DONE, ERROR) when the command has one.
 */
export function encodeH02Answer(
  id: string,
  command: { name: string; time: string; result?: string },
  input: H02ReportInput,
): Buffer {
  const echo = [command.name, ...(command.result ? [command.result] : []), command.time];
  return Buffer.from(`${['*HQ', id, 'V4', ...echo, ...reportFields(input)].join(',')}#`, 'latin1');
}
