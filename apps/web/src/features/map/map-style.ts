import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

/** São Paulo: where the demo fleet drives and where the map opens. */
export const SAO_PAULO: [number, number] = [-46.6333, -23.5505];

/** Shipped with the app (apps/web/scripts/basemap.ts): coastlines, borders, Brazilian states. */
export const OUTLINE_URL = '/basemap/south-america.json';
const OUTLINE_ATTRIBUTION = 'Contornos: <a href="https://www.naturalearthdata.com/">Natural Earth</a>';

/** The outline's layers, under everything else; they need no network beyond the web app. */
function outlineLayers(): LayerSpecification[] {
  const kind = (k: string) => ['==', ['get', 'kind'], k] as never;
  return [
    { id: 'outline-sea', type: 'background', paint: { 'background-color': '#d6e6ef' } },
    {
      id: 'outline-land',
      type: 'fill',
      source: 'outline',
      filter: kind('country'),
      paint: { 'fill-color': '#f4f2ec' },
    },
    {
      id: 'outline-states',
      type: 'line',
      source: 'outline',
      filter: kind('state'),
      paint: {
        'line-color': '#a9b1ac',
        'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.5, 10, 1.5],
      },
    },
    {
      id: 'outline-countries',
      type: 'line',
      source: 'outline',
      filter: kind('country'),
      paint: { 'line-color': '#7d8a83', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.8, 10, 2] },
    },
    {
      id: 'outline-labels',
      type: 'symbol',
      source: 'outline',
      filter: kind('label'),
      minzoom: 4,
      // Text drawn into images (see labels.ts): no glyph server needed offline.
      layout: { 'icon-image': ['concat', 'place:', ['get', 'code']] },
    },
  ];
}

/** Coastlines and state borders only: what the map shows when no tiles can be loaded. */
export function outlineStyle(origin: string): StyleSpecification {
  return {
    version: 8,
    sources: {
      outline: { type: 'geojson', data: new URL(OUTLINE_URL, origin).href, attribution: OUTLINE_ATTRIBUTION },
    },
    layers: outlineLayers(),
  };
}

/** Raster tiles (an XYZ template or a raster PMTiles archive) over the outline. */
export function rasterStyle(
  origin: string,
  source: { tiles: string[] } | { url: string },
  attribution: string | null,
): StyleSpecification {
  const outline = outlineStyle(origin);
  return {
    ...outline,
    sources: {
      ...outline.sources,
      // A template says nothing of its zoom range (OpenStreetMap's goes to 19); an archive's TileJSON does.
      base: {
        type: 'raster',
        ...source,
        tileSize: 256,
        ...('tiles' in source ? { maxzoom: 19 } : {}),
        ...(attribution ? { attribution } : {}),
      },
    },
    layers: [...outline.layers, { id: 'base', type: 'raster', source: 'base' }],
  };
}

/**
 * A vector PMTiles archive without a style of its own: water, land use, roads and borders, drawn for
 * both common schemas (Protomaps basemap and OpenMapTiles); layers a schema lacks draw nothing.
 * Labels need a glyph server: operators who want them point PIONEIRA_MAP_TILES_URL at a style.
 */
export function vectorStyle(origin: string, url: string, attribution: string | null): StyleSpecification {
  const outline = outlineStyle(origin);
  const fill = (id: string, layer: string, color: string): LayerSpecification => ({
    id,
    type: 'fill',
    source: 'base',
    'source-layer': layer,
    paint: { 'fill-color': color },
  });
  const line = (id: string, layer: string, color: string, width: number): LayerSpecification => ({
    id,
    type: 'line',
    source: 'base',
    'source-layer': layer,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': color,
      'line-width': ['interpolate', ['linear'], ['zoom'], 8, width / 4, 16, width],
    },
  });
  return {
    ...outline,
    sources: {
      ...outline.sources,
      base: { type: 'vector', url: `pmtiles://${url}`, ...(attribution ? { attribution } : {}) },
    },
    layers: [
      ...outline.layers.filter((l) => l.id !== 'outline-labels'),
      fill('base-earth', 'earth', '#f4f2ec'),
      fill('base-landuse', 'landuse', '#e6eddf'),
      fill('base-landcover', 'landcover', '#e6eddf'),
      fill('base-water', 'water', '#bcd6e6'),
      line('base-roads', 'roads', '#ffffff', 6),
      line('base-transportation', 'transportation', '#ffffff', 6),
      line('base-boundaries', 'boundaries', '#9aa39e', 1.5),
      line('base-boundary', 'boundary', '#9aa39e', 1.5),
      outline.layers.find((l) => l.id === 'outline-labels') as LayerSpecification,
    ],
  };
}
