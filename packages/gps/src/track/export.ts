import type { TrackExportFormat } from '@pioneira/contracts/enums';
import { offsetCache } from '@pioneira/core/time';

/** One fix of an exported track, at full resolution. */
export interface ExportPoint {
  ms: number;
  lat: number;
  lon: number;
  speedKmh: number | null;
  course: number | null;
  altitude: number | null;
}

export interface TrackFile {
  contentType: string;
  extension: string;
  body: string;
}

export interface ExportOptions {
  /** What the track is of (plate or device name), shown in the file. */
  name: string;
  /** CSV conventions: pt-BR writes `;`, decimal commas and local date and time apart; en writes ISO. */
  language: 'pt-BR' | 'en';
  /** The time zone of the CSV's local date and time columns. */
  timeZone: string;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
const iso = (ms: number) => new Date(ms).toISOString();
const coordinate = (value: number) => value.toFixed(7);

/** GPX 1.1: one track, one segment, time and elevation per point (what every GPS tool reads). */
function gpx(points: ExportPoint[], o: ExportOptions): string {
  const rows = points.map(
    (p) =>
      `      <trkpt lat="${coordinate(p.lat)}" lon="${coordinate(p.lon)}">${
        p.altitude === null ? '' : `<ele>${p.altitude}</ele>`
      }<time>${iso(p.ms)}</time></trkpt>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Pioneira" xmlns="http://www.topografix.com/GPX/1/1">',
    `  <metadata><name>${xml(o.name)}</name></metadata>`,
    `  <trk><name>${xml(o.name)}</name>`,
    '    <trkseg>',
    ...rows,
    '    </trkseg>',
    '  </trk>',
    '</gpx>',
    '',
  ].join('\n');
}

/** KML 2.2: the route as a line with the period it covers, and its first and last fix as points. */
function kml(points: ExportPoint[], o: ExportOptions): string {
  const coordinates = points.map((p) => `${coordinate(p.lon)},${coordinate(p.lat)},${p.altitude ?? 0}`);
  const first = points[0];
  const last = points[points.length - 1];
  const mark = (label: string, p: ExportPoint) =>
    `    <Placemark><name>${xml(label)}</name><TimeStamp><when>${iso(p.ms)}</when></TimeStamp><Point><coordinates>${coordinate(p.lon)},${coordinate(p.lat)}</coordinates></Point></Placemark>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '  <Document>',
    `    <name>${xml(o.name)}</name>`,
    '    <Placemark>',
    `      <name>${xml(o.name)}</name>`,
    ...(first
      ? [`      <TimeSpan><begin>${iso(first.ms)}</begin><end>${iso(last.ms)}</end></TimeSpan>`]
      : []),
    '      <LineString><tessellate>1</tessellate><coordinates>',
    ...coordinates.map((c) => `        ${c}`),
    '      </coordinates></LineString>',
    '    </Placemark>',
    ...(first ? [mark('start', first), mark('end', last)] : []),
    '  </Document>',
    '</kml>',
    '',
  ].join('\n');
}

const two = (n: number) => String(n).padStart(2, '0');

/** Local calendar parts in `timeZone`. */
function localClock(timeZone: string) {
  const offsetAt = offsetCache(timeZone);
  return (ms: number) => {
    const local = new Date(ms + offsetAt(ms) * 60_000);
    return {
      year: String(local.getUTCFullYear()),
      month: two(local.getUTCMonth() + 1),
      day: two(local.getUTCDate()),
      hour: two(local.getUTCHours()),
      minute: two(local.getUTCMinutes()),
      second: two(local.getUTCSeconds()),
    };
  };
}

/** CSV a spreadsheet of the user's language opens as numbers and dates. */
function csv(points: ExportPoint[], o: ExportOptions): string {
  const pt = o.language === 'pt-BR';
  const localParts = localClock(o.timeZone);
  const number = (value: number | null, digits: number) =>
    value === null ? '' : pt ? value.toFixed(digits).replace('.', ',') : value.toFixed(digits);
  // Speed and course as stored (to 0.001), without trailing zeros: 72.8, 93, 7.199.
  const measured = (value: number | null) => {
    const text = value === null ? '' : String(Number(value.toFixed(3)));
    return pt ? text.replace('.', ',') : text;
  };
  const header = pt
    ? ['data', 'hora', 'utc', 'latitude', 'longitude', 'velocidade_kmh', 'curso_graus', 'altitude_m']
    : ['utc', 'local_time', 'latitude', 'longitude', 'speed_kmh', 'course_deg', 'altitude_m'];
  const lines = points.map((p) => {
    const local = localParts(p.ms);
    const date = `${local.day}/${local.month}/${local.year}`;
    const time = `${local.hour}:${local.minute}:${local.second}`;
    const values = [
      number(p.lat, 7),
      number(p.lon, 7),
      measured(p.speedKmh),
      measured(p.course),
      number(p.altitude, 0),
    ];
    return (
      pt
        ? [date, time, iso(p.ms), ...values]
        : [iso(p.ms), `${local.year}-${local.month}-${local.day} ${time}`, ...values]
    ).join(pt ? ';' : ',');
  });
  return `\uFEFF${[header.join(pt ? ';' : ','), ...lines].join('\r\n')}\r\n`;
}

const WRITERS: Record<TrackExportFormat, { contentType: string; write: typeof gpx }> = {
  gpx: { contentType: 'application/gpx+xml; charset=utf-8', write: gpx },
  kml: { contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8', write: kml },
  csv: { contentType: 'text/csv; charset=utf-8', write: csv },
};

/** A track as a GPX, KML or CSV file. */
export function trackFile(
  format: TrackExportFormat,
  points: ExportPoint[],
  options: ExportOptions,
): TrackFile {
  const writer = WRITERS[format];
  return { contentType: writer.contentType, extension: format, body: writer.write(points, options) };
}
