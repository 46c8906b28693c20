'use client';

import { useParams } from 'next/navigation';
import { CommandsPage } from '@/features/commands/CommandsPage';

export default function Page() {
  const { id } = useParams<{ id: string }>();
  return <CommandsPage key={id} vehicleId={id} />;
}
