import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { BaseMap } from './base-map';
import { outlineStyle, rasterStyle, vectorStyle } from './map-style';

type MapLibre = typeof import('maplibre-gl');

/** Long enough for a slow connection's first tile, short enough that nobody stares at a blank map. */
const FIRST_TILE_TIMEOUT_MS = 20_000;
const STYLE_TIMEOUT_MS = 8_000;
/** Sources that are ours (the fleet layers and the shipped outline), not the base map's. */
const OWN_SOURCES = new Set(['outline', 'track', 'vehicles', 'replay']);

let pmtiles: Promise<import('pmtiles').Protocol> | undefined;

/** Registers the pmtiles:// protocol with MapLibre once per page. */
function pmtilesProtocol(maplibre: MapLibre) {
  pmtiles ??= import('pmtiles').then(({ Protocol }) => {
    const protocol = new Protocol();
    maplibre.addProtocol('pmtiles', protocol.tile);
    return protocol;
  });
  return pmtiles;
}

/**
 * The style to open the map with, or the outline when the base map is already known to be
 * unreachable (its style or its archive's header cannot be fetched).
 */
export async function initialStyle(
  maplibre: MapLibre,
  base: BaseMap,
  origin: string,
): Promise<{ style: StyleSpecification | string; remote: boolean }> {
  const outline = { style: outlineStyle(origin), remote: false };
  try {
    switch (base.kind) {
      case 'offline':
        return outline;
      case 'raster':
        return { style: rasterStyle(origin, { tiles: [base.url] }, base.attribution), remote: true };
      case 'style': {
        const url = new URL(base.url, origin).href;
        const response = await fetch(url, { signal: AbortSignal.timeout(STYLE_TIMEOUT_MS) });
        return response.ok ? { style: url, remote: true } : outline;
      }
      case 'pmtiles': {
        const url = new URL(base.url, origin).href;
        const [protocol, { PMTiles, TileType }] = await Promise.all([
          pmtilesProtocol(maplibre),
          import('pmtiles'),
        ]);
        const archive = new PMTiles(url);
        protocol.add(archive);
        const header = await archive.getHeader();
        return {
          style:
            header.tileType === TileType.Mvt
              ? vectorStyle(origin, url, base.attribution)
              : rasterStyle(origin, { url: `pmtiles://${url}` }, base.attribution),
          remote: true,
        };
      }
    }
  } catch {
    return outline;
  }
}

/**
 * Switches to the outline when the base map's tiles fail before any of them arrived (offline, a
 * wrong URL, a tile server that refuses us) or when none arrived in time; calls `onFallback` then,
 * or `onTiles` once the first tile did arrive.
 */
export function fallBackWhenTilesFail(
  map: MapLibreMap,
  origin: string,
  on: { fallback: () => void; tiles: () => void },
) {
  let settled = false;
  const fallBack = () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    map.setStyle(outlineStyle(origin), { diff: false });
    on.fallback();
  };
  const timer = setTimeout(fallBack, FIRST_TILE_TIMEOUT_MS);
  map.on('sourcedata', (event) => {
    if (!settled && event.tile && !OWN_SOURCES.has(event.sourceId)) {
      settled = true;
      clearTimeout(timer);
      on.tiles();
    }
  });
  map.on('error', (event) => {
    // Tile failures carry the failing source's id (not in MapLibre's ErrorEvent type).
    const { sourceId } = event as { sourceId?: string };
    if (sourceId && !OWN_SOURCES.has(sourceId)) fallBack();
    // A listener silences MapLibre's own logging: keep the other errors visible in the console.
    else console.error(event.error);
  });
  map.once('remove', () => clearTimeout(timer));
}
