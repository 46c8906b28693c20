import { connection } from 'next/server';
import { Suspense } from 'react';
import { parseBaseMap } from '@/features/map/base-map';
import { ReportsPage } from '@/features/reports/ReportsPage';

/** The base map as on the live map (PIONEIRA_MAP_TILES_URL, read at request time); the report lives in the address. */
export default async function Page() {
  await connection();
  const baseMap = parseBaseMap(process.env.PIONEIRA_MAP_TILES_URL, process.env.PIONEIRA_MAP_ATTRIBUTION);
  return (
    <Suspense>
      <ReportsPage baseMap={baseMap} />
    </Suspense>
  );
}
