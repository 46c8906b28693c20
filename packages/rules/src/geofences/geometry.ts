/** A position as GeoJSON orders it: longitude, latitude (degrees, WGS 84). */
export type LonLat = [number, number];

/** The three kinds of geofence, as stored (GeoJSON geometry plus the metres it needs). */
export type GeofenceShape =
  | { kind: 'circle'; center: LonLat; radiusM: number }
  | { kind: 'polygon'; rings: LonLat[][] }
  | { kind: 'corridor'; line: LonLat[]; widthM: number };

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Why a geometry was refused, in words for the API's 400 answer. */
export class GeometryError extends Error {}

export const GEOMETRY_LIMITS = {
  /** Vertices of a polygon (all rings) or of a corridor's line. */
  maxPoints: 2000,
  maxRadiusM: 100_000,
  maxWidthM: 5_000,
} as const;

/** Metres per degree of latitude; of longitude it is this times cos(latitude). */
export const M_PER_DEG = 111_320;

/** The GeoJSON geometry of a shape (the radius or width go beside it). */
export function toGeometry(shape: GeofenceShape): { type: string; coordinates: unknown } {
  if (shape.kind === 'circle') return { type: 'Point', coordinates: shape.center };
  if (shape.kind === 'polygon') return { type: 'Polygon', coordinates: shape.rings };
  return { type: 'LineString', coordinates: shape.line };
}

/** Bounding box in degrees, the circle and the corridor grown by their metres. */
export function bboxOf(shape: GeofenceShape): BBox {
  const points =
    shape.kind === 'circle' ? [shape.center] : shape.kind === 'polygon' ? shape.rings[0] : shape.line;
  const grow = shape.kind === 'circle' ? shape.radiusM : shape.kind === 'corridor' ? shape.widthM / 2 : 0;
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of points) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  return expand({ minLon, minLat, maxLon, maxLat }, grow);
}

/** A box grown by `metres` on every side. */
export function expand(box: BBox, metres: number): BBox {
  const dLat = metres / M_PER_DEG;
  const cos = Math.max(0.01, Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180));
  const dLon = metres / (M_PER_DEG * cos);
  return {
    minLon: box.minLon - dLon,
    minLat: box.minLat - dLat,
    maxLon: box.maxLon + dLon,
    maxLat: box.maxLat + dLat,
  };
}

const isPosition = (p: unknown): p is LonLat =>
  Array.isArray(p) &&
  (p.length === 2 || p.length === 3) &&
  p.every((n) => typeof n === 'number' && Number.isFinite(n));

function position(p: unknown, where: string): LonLat {
  if (!isPosition(p)) throw new GeometryError(`${where} is not a [longitude, latitude] pair of numbers.`);
  const [lon, lat] = p;
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    throw new GeometryError(
      `${where} is out of range: longitude must be within -180..180 and latitude within -90..90 (GeoJSON order is [longitude, latitude]).`,
    );
  return [lon, lat];
}

function positions(list: unknown, where: string): LonLat[] {
  if (!Array.isArray(list)) throw new GeometryError(`${where} must be an array of positions.`);
  if (list.length > GEOMETRY_LIMITS.maxPoints)
    throw new GeometryError(
      `${where} has ${list.length} points; at most ${GEOMETRY_LIMITS.maxPoints} are allowed.`,
    );
  return list.map((p, i) => position(p, `${where}[${i}]`));
}

/** Twice the signed area in degrees²: positive when the ring runs counter-clockwise. */
function signedArea(ring: LonLat[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

const cross = (o: LonLat, a: LonLat, b: LonLat) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

function onSegment(p: LonLat, a: LonLat, b: LonLat): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Whether segments ab and cd touch or cross. */
export function segmentsIntersect(a: LonLat, b: LonLat, c: LonLat, d: LonLat): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(a, c, d)) ||
    (d2 === 0 && onSegment(b, c, d)) ||
    (d3 === 0 && onSegment(c, a, b)) ||
    (d4 === 0 && onSegment(d, a, b))
  );
}

/** The first pair of edges (over all rings) that cross, other than neighbours sharing a vertex. */
function findCrossing(rings: LonLat[][]): [number, number, number, number] | null {
  const edges: Array<{ ring: number; i: number; a: LonLat; b: LonLat; n: number }> = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++)
      edges.push({ ring: r, i, a: ring[i], b: ring[i + 1], n: ring.length - 1 });
  });
  // Sorted by the west end: only edges whose longitude spans overlap are compared.
  edges.sort((x, y) => Math.min(x.a[0], x.b[0]) - Math.min(y.a[0], y.b[0]));
  for (let p = 0; p < edges.length; p++) {
    const e = edges[p];
    const east = Math.max(e.a[0], e.b[0]);
    for (let q = p + 1; q < edges.length; q++) {
      const f = edges[q];
      if (Math.min(f.a[0], f.b[0]) > east) break;
      if (e.ring === f.ring) {
        const gap = Math.abs(e.i - f.i);
        if (gap === 1 || gap === e.n - 1) continue;
      }
      if (segmentsIntersect(e.a, e.b, f.a, f.b)) return [e.ring, e.i, f.ring, f.i];
    }
  }
  return null;
}

function polygon(coordinates: unknown): GeofenceShape {
  if (!Array.isArray(coordinates) || coordinates.length === 0)
    throw new GeometryError('A Polygon needs at least its outer ring.');
  const total = coordinates.reduce((n: number, r: unknown) => n + (Array.isArray(r) ? r.length : 0), 0);
  if (total > GEOMETRY_LIMITS.maxPoints)
    throw new GeometryError(
      `The polygon has ${total} points; at most ${GEOMETRY_LIMITS.maxPoints} are allowed.`,
    );
  const rings = coordinates.map((r, i) => positions(r, i === 0 ? 'The outer ring' : `Hole ${i}`));
  rings.forEach((ring, i) => {
    const name = i === 0 ? 'The outer ring' : `Hole ${i}`;
    if (ring.length < 4)
      throw new GeometryError(`${name} needs at least 4 positions (3 corners and the first again).`);
    const [first, last] = [ring[0], ring[ring.length - 1]];
    if (first[0] !== last[0] || first[1] !== last[1])
      throw new GeometryError(`${name} is not closed: its last position must repeat its first.`);
  });
  const crossing = findCrossing(rings);
  if (crossing)
    throw new GeometryError(
      `The polygon intersects itself (edge ${crossing[1] + 1} of ring ${crossing[0] + 1} crosses edge ${crossing[3] + 1} of ring ${crossing[2] + 1}). Redraw it without crossing edges.`,
    );
  rings.forEach((ring, i) => {
    const name = i === 0 ? 'The outer ring' : `Hole ${i}`;
    const area = signedArea(ring);
    if (area === 0) throw new GeometryError(`${name} has no area.`);
    if (i === 0 && area < 0)
      throw new GeometryError(
        'The outer ring runs clockwise; GeoJSON (RFC 7946) wants it counter-clockwise. Reverse its positions.',
      );
    if (i > 0 && area > 0)
      throw new GeometryError(
        `${name} runs counter-clockwise; holes must run clockwise. Reverse its positions.`,
      );
  });
  return { kind: 'polygon', rings };
}

/**
 * Validates a GeoJSON geometry with the metres it needs and returns the shape, or throws a
 * GeometryError saying what is wrong (coordinates out of range, unclosed or clockwise ring,
 * self-intersection, too many points, a radius or width that is not positive).
 */
export function parseShape(
  geometry: { type?: unknown; coordinates?: unknown },
  metres: { radiusM?: number | null; widthM?: number | null } = {},
): GeofenceShape {
  switch (geometry?.type) {
    case 'Point': {
      const radiusM = metres.radiusM;
      if (typeof radiusM !== 'number' || !(radiusM > 0))
        throw new GeometryError('A circle needs radiusM, a radius in metres greater than 0.');
      if (radiusM > GEOMETRY_LIMITS.maxRadiusM)
        throw new GeometryError(`A circle's radius may be at most ${GEOMETRY_LIMITS.maxRadiusM} m.`);
      return { kind: 'circle', center: position(geometry.coordinates, 'The centre'), radiusM };
    }
    case 'Polygon':
      return polygon(geometry.coordinates);
    case 'LineString': {
      const widthM = metres.widthM;
      if (typeof widthM !== 'number' || !(widthM > 0))
        throw new GeometryError('A corridor needs widthM, its full width in metres, greater than 0.');
      if (widthM > GEOMETRY_LIMITS.maxWidthM)
        throw new GeometryError(`A corridor may be at most ${GEOMETRY_LIMITS.maxWidthM} m wide.`);
      const line = positions(geometry.coordinates, 'The corridor line');
      if (line.length < 2) throw new GeometryError('A corridor line needs at least 2 positions.');
      return { kind: 'corridor', line, widthM };
    }
    default:
      throw new GeometryError(
        'The geometry must be a GeoJSON Point (circle), Polygon or LineString (corridor).',
      );
  }
}
