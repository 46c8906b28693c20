import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { LatestPosition, TrackPoint } from './map.api';
import { STALE_AFTER_MS } from './speed';
import { vehicleName } from './VehicleList';

/** The fleet as one GeoJSON for the vehicles layer (drawn by WebGL, never as DOM markers). */
export function fleetGeoJson(
  positions: ReadonlyMap<string, LatestPosition>,
  selectedId: string | null,
  now = Date.now(),
): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const p of positions.values())
    features.push({
      type: 'Feature',
      properties: {
        id: p.deviceId,
        label: vehicleName(p),
        speed: p.speedKmh ?? 0,
        stale: now - Date.parse(p.fixedAt) > STALE_AFTER_MS,
        selected: p.deviceId === selectedId,
      },
      geometry: { type: 'Point', coordinates: [p.longitude, p.latitude] },
    });
  return { type: 'FeatureCollection', features };
}

/** A track as one short line per pair of points, each carrying its speed, so the colour can vary along it. */
export function trackGeoJson(points: readonly TrackPoint[]): FeatureCollection<LineString> {
  const features: Feature<LineString>[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    features.push({
      type: 'Feature',
      properties: { speed: b.speedKmh ?? a.speedKmh ?? 0 },
      geometry: {
        type: 'LineString',
        coordinates: [
          [a.lon, a.lat],
          [b.lon, b.lat],
        ],
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

export const pointGeoJson = (point: TrackPoint | null): FeatureCollection<Point> => ({
  type: 'FeatureCollection',
  features: point
    ? [
        {
          type: 'Feature',
          properties: { speed: point.speedKmh ?? 0 },
          geometry: { type: 'Point', coordinates: [point.lon, point.lat] },
        },
      ]
    : [],
});

/** [[west, south], [east, north]] of a track, or null when it has no points. */
export function trackBounds(points: readonly TrackPoint[]): [[number, number], [number, number]] | null {
  if (points.length === 0) return null;
  let [west, south, east, north] = [180, 90, -180, -90];
  for (const p of points) {
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  return [
    [west, south],
    [east, north],
  ];
}
