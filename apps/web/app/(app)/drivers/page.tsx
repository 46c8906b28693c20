import { Suspense } from 'react';
import { DriversPage } from '@/features/drivers/DriversPage';

export default function Page() {
  // The search lives in the query string (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <DriversPage />
    </Suspense>
  );
}
