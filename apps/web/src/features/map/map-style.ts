import type { Feature, FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';

/** São Paulo: where the demo fleet drives and where the map opens. */
export const SAO_PAULO: [number, number] = [-46.6333, -23.5505];

/** Lines every `step` degrees over `bounds` [west, south, east, north], as one GeoJSON. */
function graticule(bounds: [number, number, number, number], step: number) {
  const [west, south, east, north] = bounds;
  const lines: Feature[] = [];
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  for (let lon = Math.ceil(west / step) * step; lon <= east; lon += step)
    lines.push(
      line(
        [
          [round(lon), south],
          [round(lon), north],
        ],
        step,
      ),
    );
  for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step)
    lines.push(
      line(
        [
          [west, round(lat)],
          [east, round(lat)],
        ],
        step,
      ),
    );
  return lines;
}

const line = (coordinates: [number, number][], step: number): Feature => ({
  type: 'Feature',
  properties: { major: step >= 1 },
  geometry: { type: 'LineString', coordinates },
});

/**
 * The map's style. With a tile URL (an XYZ raster template) it draws those tiles; without one it
 * needs no network at all: a plain background with a graticule (1° over Brazil, 0.05° ≈ 5 km around
 * São Paulo) so distances and movement still read.
 */
export function mapStyle(tilesUrl: string | null, attribution: string | null): StyleSpecification {
  const grid: FeatureCollection = {
    type: 'FeatureCollection',
    features: [...graticule([-75, -35, -33, 6], 1), ...graticule([-47.2, -24.1, -46.1, -23.1], 0.05)],
  };
  return {
    version: 8,
    sources: {
      graticule: { type: 'geojson', data: grid },
      ...(tilesUrl
        ? {
            tiles: {
              type: 'raster',
              tiles: [tilesUrl],
              tileSize: 256,
              maxzoom: 19,
              ...(attribution ? { attribution } : {}),
            },
          }
        : {}),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef2ef' } },
      ...(tilesUrl ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }] : []),
      {
        id: 'graticule',
        type: 'line',
        source: 'graticule',
        paint: {
          'line-color': ['case', ['get', 'major'], '#b9c4be', '#d3dcd7'],
          'line-width': ['case', ['get', 'major'], 1.2, 0.8],
          'line-opacity': tilesUrl ? 0.35 : 1,
        },
      },
    ],
  };
}
