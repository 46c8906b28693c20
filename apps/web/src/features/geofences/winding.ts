/**
 * Rings of imported files turned to the winding the API wants (outer rings counter-clockwise, holes
 * clockwise, RFC 7946). KML has no winding convention and many tools write GeoJSON clockwise, so an
 * import turns them round and says which; a ring drawn or sent otherwise is still refused by the API.
 */

type Ring = number[][];

/** The geofences (by name, or by place in the file) whose rings were turned, and the file to send. */
export interface Wound<T> {
  data: T;
  turned: string[];
}

/** Twice the signed area in degrees²: positive when the ring runs counter-clockwise. */
function twiceArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

/** The ring run the wanted way (reversed if need be); a ring of no area or not numbers is left alone. */
function wind(ring: Ring, counterClockwise: boolean): { ring: Ring; turned: boolean } {
  const area = twiceArea(ring);
  if (!Number.isFinite(area) || area === 0 || area > 0 === counterClockwise) return { ring, turned: false };
  return { ring: [...ring].reverse(), turned: true };
}

const isRing = (r: unknown): r is Ring =>
  Array.isArray(r) &&
  r.every((p) => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number'));

/** A Polygon's rings the wanted way: the outer one counter-clockwise, its holes clockwise. */
function windPolygon(rings: unknown): { rings: unknown; turned: boolean } {
  if (!Array.isArray(rings) || !rings.every(isRing)) return { rings, turned: false };
  const wound = rings.map((ring, i) => wind(ring, i === 0));
  return { rings: wound.map((w) => w.ring), turned: wound.some((w) => w.turned) };
}

interface FeatureLike {
  properties?: { name?: unknown } | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

/** A GeoJSON FeatureCollection (or one Feature) with every Polygon's rings the wanted way. */
export function windGeoJson(data: unknown): Wound<unknown> {
  const turned: string[] = [];
  const windFeature = (feature: FeatureLike, i: number): FeatureLike => {
    if (feature?.geometry?.type !== 'Polygon') return feature;
    const { rings, turned: was } = windPolygon(feature.geometry.coordinates);
    if (!was) return feature;
    turned.push(typeof feature.properties?.name === 'string' ? feature.properties.name : `#${i + 1}`);
    return { ...feature, geometry: { ...feature.geometry, coordinates: rings } };
  };
  const doc = data as { type?: unknown; features?: unknown };
  if (doc?.type === 'FeatureCollection' && Array.isArray(doc.features))
    return { data: { ...doc, features: doc.features.map(windFeature) }, turned };
  if (doc?.type === 'Feature') return { data: windFeature(doc as FeatureLike, 0), turned };
  return { data, turned };
}

const block = (name: string) =>
  new RegExp(`(<(?:\\w+:)?${name}\\b[^>]*>)([\\s\\S]*?)(</(?:\\w+:)?${name}>)`, 'gi');

/** The coordinates text of a KML ring the wanted way (tuples kept as written, only their order). */
function windCoordinates(text: string, counterClockwise: boolean): { text: string; turned: boolean } {
  const tuples = text.trim().split(/\s+/).filter(Boolean);
  const ring = tuples.map((t) => t.split(',').slice(0, 2).map(Number));
  if (!wind(ring, counterClockwise).turned) return { text, turned: false };
  return { text: ` ${[...tuples].reverse().join(' ')} `, turned: true };
}

/** A KML document with every polygon's outer boundary counter-clockwise and its inner ones clockwise. */
export function windKml(xml: string): Wound<string> {
  const turned: string[] = [];
  let index = 0;
  const data = xml.replace(block('Placemark'), (_all, open: string, body: string, close: string) => {
    index += 1;
    let was = false;
    const inBoundaries = (name: string, counterClockwise: boolean) => (text: string) =>
      text.replace(block(name), (_b, bOpen: string, boundary: string, bClose: string) => {
        const fixed = boundary.replace(
          block('coordinates'),
          (_c, cOpen: string, coords: string, cClose: string) => {
            const w = windCoordinates(coords, counterClockwise);
            was ||= w.turned;
            return cOpen + w.text + cClose;
          },
        );
        return bOpen + fixed + bClose;
      });
    const fixed = inBoundaries('innerBoundaryIs', false)(inBoundaries('outerBoundaryIs', true)(body));
    if (was) {
      const name = /<(?:\w+:)?name\b[^>]*>([\s\S]*?)<\/(?:\w+:)?name>/i.exec(body)?.[1];
      turned.push(name?.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim() || `#${index}`);
    }
    return open + fixed + close;
  });
  return { data, turned };
}
