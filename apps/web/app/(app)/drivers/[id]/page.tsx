'use client';

import { useParams } from 'next/navigation';
import { Suspense } from 'react';
import { DriverPage } from '@/features/drivers/DriverPage';

export default function Page() {
  const { id } = useParams<{ id: string }>();
  // The period and filters live in the query string (useSearchParams): a Suspense boundary is required.
  return (
    <Suspense>
      <DriverPage key={id} id={id} />
    </Suspense>
  );
}
