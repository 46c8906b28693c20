import { connection } from 'next/server';
import { GeofencesPage } from '@/features/geofences/GeofencesPage';
import { parseBaseMap } from '@/features/map/base-map';

/** The geofences' map uses the same base map as the live map (PIONEIRA_MAP_TILES_URL). */
export default async function Page() {
  await connection();
  const baseMap = parseBaseMap(process.env.PIONEIRA_MAP_TILES_URL, process.env.PIONEIRA_MAP_ATTRIBUTION);
  return <GeofencesPage baseMap={baseMap} />;
}
