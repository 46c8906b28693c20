import { connection } from 'next/server';
import { parseBaseMap } from '@/features/map/base-map';
import { LiveMapPage } from '@/features/map/LiveMapPage';

/**
 * The map's base map is chosen where the web app runs, at request time (one build, any tile server):
 * PIONEIRA_MAP_TILES_URL and PIONEIRA_MAP_ATTRIBUTION, see src/features/map/base-map.ts.
 */
export default async function Page() {
  await connection();
  const baseMap = parseBaseMap(process.env.PIONEIRA_MAP_TILES_URL, process.env.PIONEIRA_MAP_ATTRIBUTION);
  return <LiveMapPage baseMap={baseMap} />;
}
