import type { FeatureCollection } from 'geojson';
import type { Geofence, GeofenceDraft } from './geofences.api';

type LonLat = [number, number];
const M_PER_DEG = 111_320;

/** A drawn circle (a ring of points around its centre) as the API's centre and radius. */
export function circleOf(ring: LonLat[]): Pick<GeofenceDraft, 'geometry' | 'radiusM'> {
  const points = ring.slice(0, -1);
  const lon = points.reduce((s, p) => s + p[0], 0) / points.length;
  const lat = points.reduce((s, p) => s + p[1], 0) / points.length;
  const kx = M_PER_DEG * Math.cos((lat * Math.PI) / 180);
  const radiusM = Math.round(Math.hypot((points[0][0] - lon) * kx, (points[0][1] - lat) * M_PER_DEG));
  return { geometry: { type: 'Point', coordinates: [lon, lat] }, radiusM };
}

/** The outer ring counter-clockwise, as RFC 7946 (and the API) want, whichever way it was drawn. */
export function counterClockwise(geometry: GeofenceDraft['geometry']): GeofenceDraft['geometry'] {
  if (geometry.type !== 'Polygon') return geometry;
  const [outer, ...holes] = geometry.coordinates as LonLat[][];
  let area = 0;
  for (let i = 0; i < outer.length - 1; i++)
    area += outer[i][0] * outer[i + 1][1] - outer[i + 1][0] * outer[i][1];
  return { type: 'Polygon', coordinates: [area < 0 ? [...outer].reverse() : outer, ...holes] };
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/** A closed ring of 64 points around a centre (counter-clockwise, 7 decimals: about 1 cm). */
export function ringAround([lon, lat]: LonLat, radiusM: number): LonLat[] {
  const kx = M_PER_DEG * Math.cos((lat * Math.PI) / 180);
  const ring = Array.from({ length: 64 }, (_, i): LonLat => {
    const a = (i / 64) * 2 * Math.PI;
    return [round7(lon + (Math.cos(a) * radiusM) / kx), round7(lat + (Math.sin(a) * radiusM) / M_PER_DEG)];
  });
  return [...ring, ring[0]];
}

/** The geofences as map features: circles as polygons, corridors as lines. */
export function geofencesGeoJson(geofences: readonly Geofence[]): FeatureCollection {
  return {
    type: 'FeatureCollection' as const,
    features: geofences.map((g) => ({
      type: 'Feature' as const,
      properties: { id: g.id, name: g.name, kind: g.kind },
      geometry:
        g.kind === 'circle'
          ? { type: 'Polygon', coordinates: [ringAround(g.geometry.coordinates as LonLat, g.radiusM ?? 0)] }
          : g.geometry,
    })),
  } as FeatureCollection;
}
