import { connection } from 'next/server';
import { Suspense } from 'react';
import { ReportsPage } from '@/features/reports/ReportsPage';

/** Tiles as on the live map (PIONEIRA_MAP_TILES_URL, read at request time); the report lives in the address. */
export default async function Page() {
  await connection();
  const tilesUrl = process.env.PIONEIRA_MAP_TILES_URL?.trim() || null;
  const attribution = process.env.PIONEIRA_MAP_ATTRIBUTION?.trim() || null;
  return (
    <Suspense>
      <ReportsPage tilesUrl={tilesUrl} attribution={attribution} />
    </Suspense>
  );
}
