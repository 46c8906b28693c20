'use client';

import { useParams } from 'next/navigation';
import { ParcelPage } from '@/features/parcels/ParcelPage';

export default function Page() {
  const { code } = useParams<{ code: string }>();
  return <ParcelPage key={code} code={decodeURIComponent(code)} />;
}
