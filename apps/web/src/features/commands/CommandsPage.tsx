'use client';

import { Alert, PageHeader, Spinner } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import { CommandsPanel } from './CommandsPanel';
import { getVehicle } from './commands.api';

/** The commands page of one vehicle (linked from the vehicle's page). */
export function CommandsPage({ vehicleId }: { vehicleId: string }) {
  const t = useT();
  const errorMessage = useErrorMessage();
  const vehicle = useLoad(vehicleId, (signal) => getVehicle(vehicleId, signal));
  if (vehicle.error) return <Alert>{errorMessage(vehicle.error)}</Alert>;
  if (!vehicle.data) return <Spinner label={t('common.loading')} />;
  const name = vehicle.data.plate ?? vehicle.data.description;
  return (
    <>
      <PageHeader title={`${t('commands.title')} · ${name}`} subtitle={t('commands.subtitle')} />
      <CommandsPanel vehicleId={vehicleId} plate={vehicle.data.plate} />
    </>
  );
}
