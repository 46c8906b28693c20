'use client';

import { useParams } from 'next/navigation';
import { VehiclePage } from '@/features/vehicles/VehiclePage';
import '@/styles/fleet-admin.css';

export default function Page() {
  const { id } = useParams<{ id: string }>();
  return <VehiclePage key={id} id={id} />;
}
