import { Suspense } from 'react';
import { ParcelsPage } from '@/features/parcels/ParcelsPage';

export default function Page() {
  // The filters live in the query string (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ParcelsPage />
    </Suspense>
  );
}
