import { GeometryError } from './geometry';

/** One placemark of a KML document, as a GeoJSON feature. */
export interface KmlFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlText = (text: string) =>
  text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

const tag = (xml: string, name: string) =>
  new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?${name}>`, 'i').exec(xml)?.[1];
const tags = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?${name}>`, 'gi'))].map(
    (m) => m[1],
  );

function coordinates(text: string | undefined, where: string): number[][] {
  if (text === undefined) throw new GeometryError(`${where} has no <coordinates>.`);
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((tuple) => tuple.split(',').slice(0, 2).map(Number));
}

/**
 * Reads the placemarks of a KML document (Point, LineString, Polygon; ExtendedData `radiusM`,
 * `widthM`, `speedLimitKmh`, `dwellMaxSeconds` as written by the export). A Point without a radius
 * is refused by the shape check, like a LineString without a width.
 */
export function parseKml(xml: string): KmlFeature[] {
  if (!/<kml\b/i.test(xml)) throw new GeometryError('This is not a KML document (no <kml> element).');
  return tags(xml, 'Placemark').map((placemark, i) => {
    const where = `Placemark ${i + 1}`;
    const properties: Record<string, unknown> = { name: xmlText(tag(placemark, 'name') ?? '') || where };
    for (const m of placemark.matchAll(/<Data\s+name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/gi)) {
      const value = xmlText(m[2]);
      properties[m[1]] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    }
    const polygon = tag(placemark, 'Polygon');
    if (polygon !== undefined) {
      const outer = coordinates(tag(tag(polygon, 'outerBoundaryIs') ?? '', 'coordinates'), where);
      const holes = tags(polygon, 'innerBoundaryIs').map((b) => coordinates(tag(b, 'coordinates'), where));
      return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [outer, ...holes] } };
    }
    const line = tag(placemark, 'LineString');
    if (line !== undefined)
      return {
        type: 'Feature',
        properties,
        geometry: { type: 'LineString', coordinates: coordinates(tag(line, 'coordinates'), where) },
      };
    const point = tag(placemark, 'Point');
    if (point !== undefined)
      return {
        type: 'Feature',
        properties,
        geometry: { type: 'Point', coordinates: coordinates(tag(point, 'coordinates'), where)[0] },
      };
    throw new GeometryError(`${where} has no Point, LineString or Polygon.`);
  });
}

/** A KML document of GeoJSON features (their properties as ExtendedData). */
export function toKml(features: KmlFeature[]): string {
  const coords = (list: number[][]) => list.map((p) => p.join(',')).join(' ');
  const placemarks = features.map((f) => {
    const { name, ...rest } = f.properties;
    const data = Object.entries(rest)
      .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => `<Data name="${xmlEscape(k)}"><value>${xmlEscape(String(v))}</value></Data>`)
      .join('');
    const g = f.geometry;
    const geometry =
      g.type === 'Point'
        ? `<Point><coordinates>${(g.coordinates as number[]).join(',')}</coordinates></Point>`
        : g.type === 'LineString'
          ? `<LineString><coordinates>${coords(g.coordinates as number[][])}</coordinates></LineString>`
          : `<Polygon>${(g.coordinates as number[][][])
              .map((ring, i) =>
                i === 0
                  ? `<outerBoundaryIs><LinearRing><coordinates>${coords(ring)}</coordinates></LinearRing></outerBoundaryIs>`
                  : `<innerBoundaryIs><LinearRing><coordinates>${coords(ring)}</coordinates></LinearRing></innerBoundaryIs>`,
              )
              .join('')}</Polygon>`;
    return `<Placemark><name>${xmlEscape(String(name ?? ''))}</name><ExtendedData>${data}</ExtendedData>${geometry}</Placemark>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Pioneira</name>${placemarks.join('\n')}</Document></kml>\n`;
}
