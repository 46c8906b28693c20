'use client';

import { useParams } from 'next/navigation';
import { Suspense } from 'react';
import { InfractionFormPage } from '@/features/infraction-form/InfractionFormPage';

export default function Page() {
  const { id } = useParams<{ id: string }>();
  return (
    <Suspense>
      <InfractionFormPage key={id} id={id} />
    </Suspense>
  );
}
