import { connection } from 'next/server';
import { LiveMapPage } from '@/features/map/LiveMapPage';

/**
 * The map's tiles are chosen where the web app runs, at request time (one build, any tile server):
 * PIONEIRA_MAP_TILES_URL is an XYZ raster template ({z}/{x}/{y}); without it the map needs no network.
 */
export default async function Page() {
  await connection();
  const tilesUrl = process.env.PIONEIRA_MAP_TILES_URL?.trim() || null;
  const attribution = process.env.PIONEIRA_MAP_ATTRIBUTION?.trim() || null;
  return <LiveMapPage tilesUrl={tilesUrl} attribution={attribution} />;
}
