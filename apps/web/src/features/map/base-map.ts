/**
 * Where the map's streets come from, chosen by PIONEIRA_MAP_TILES_URL where the web app runs:
 * unset → OpenFreeMap's public "liberty" style; `{z}/{x}/{y}` in it → raster tiles; `pmtiles://…`
 * or `….pmtiles` → a self-hosted PMTiles archive; any other URL → a MapLibre style JSON;
 * `offline` → the shipped outline of South America only. Whatever the choice, the map falls back to
 * that outline when the tiles cannot be loaded.
 */
export type BaseMap =
  | { kind: 'style'; url: string }
  | { kind: 'raster'; url: string; attribution: string | null }
  | { kind: 'pmtiles'; url: string; attribution: string | null }
  | { kind: 'offline' };

/** Free, keyless, with streets and labels; its style carries the OpenStreetMap attribution. */
export const DEFAULT_STYLE_URL = 'https://tiles.openfreemap.org/styles/liberty';

const OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

export function parseBaseMap(setting: string | undefined, attribution: string | undefined): BaseMap {
  const url = setting?.trim() ?? '';
  const credit = attribution?.trim() || null;
  if (url === '') return { kind: 'style', url: DEFAULT_STYLE_URL };
  if (url === 'offline' || url === 'none') return { kind: 'offline' };
  if (url.startsWith('pmtiles://') || /\.pmtiles(\?|#|$)/.test(url))
    return { kind: 'pmtiles', url: url.replace(/^pmtiles:\/\//, ''), attribution: credit };
  if (url.includes('{z}'))
    return {
      kind: 'raster',
      url,
      // The OpenStreetMap tile servers require their attribution; elsewhere the operator sets it.
      attribution: credit ?? (/openstreetmap\.(org|fr)\//.test(url) ? OSM_ATTRIBUTION : null),
    };
  return { kind: 'style', url };
}
