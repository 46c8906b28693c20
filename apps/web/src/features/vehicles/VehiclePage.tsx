'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Alert, PageHeader, Spinner, useToast } from '@/components';
import { DevicesTable } from '@/features/devices/DevicesTable';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import { AssignDriverDialog } from './AssignDriverDialog';
import { AssignmentsSection } from './AssignmentsSection';
import { VehicleFormDialog } from './VehicleFormDialog';
import { vehicleLabel } from './VehiclesPage';
import { getVehicle, type VehicleDetail } from './vehicles.api';
import '@/styles/fleet-admin.css';

/**
 * One vehicle: its details (edit), its driver assignments (assign, end, delete) and its devices.
 * Each part is a `<section className="card section">`; further panels are added as sections below.
 */
export function VehiclePage({ id }: { id: string }) {
  const t = useT();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const canEdit = user?.role === 'admin' || user?.role === 'manager';
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((n) => n + 1);
  const { data: vehicle, error } = useLoad(`vehicle|${id}|${version}`, (signal) => getVehicle(id, signal));

  if (error !== null && !vehicle) return <Alert>{errorMessage(error)}</Alert>;
  if (!vehicle) return <Spinner label={t('common.loading')} />;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/vehicles">← {t('vehicles.back')}</Link>
      </p>
      <PageHeader title={vehicleLabel(vehicle)} subtitle={vehicle.description} />
      <div className="vehicle-sections">
        <VehicleDetailsSection vehicle={vehicle} canEdit={canEdit} onChange={changed} />
        <VehicleAssignments vehicle={vehicle} canEdit={canEdit} version={version} onChange={changed} />
        <section className="card section" aria-labelledby="vehicle-devices">
          <header className="section__header">
            <h2 id="vehicle-devices">{t('devices.ofVehicle')}</h2>
          </header>
          <DevicesTable vehicleId={vehicle.id} version={version} canEdit={canEdit} onChange={changed} />
        </section>
        <section className="card section" aria-labelledby="vehicle-commands">
          <header className="section__header">
            <h2 id="vehicle-commands">{t('commands.title')}</h2>
            <Link className="btn btn--ghost btn--small" href={`/vehicles/${vehicle.id}/commands`}>
              {t('vehicles.openCommands')}
            </Link>
          </header>
          <p className="cell-muted">{t('vehicles.commandsHint')}</p>
        </section>
      </div>
    </>
  );
}

function VehicleDetailsSection({
  vehicle,
  canEdit,
  onChange,
}: {
  vehicle: VehicleDetail;
  canEdit: boolean;
  onChange: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const [editing, setEditing] = useState(false);
  const manual = vehicle.source === 'manual';
  const driver = vehicle.currentDriver ? (
    <Link href={`/drivers/${vehicle.currentDriver.id}`}>{vehicle.currentDriver.name}</Link>
  ) : (
    t('vehicles.noDriver')
  );
  const facts: [string, React.ReactNode][] = [
    [t('vehicles.field.plate'), vehicle.plate ?? '—'],
    [t('vehicles.field.fleetNumber'), vehicle.fleetNumber ?? '—'],
    [t('vehicles.field.make'), vehicle.make ?? '—'],
    [t('vehicles.field.model'), vehicle.model ?? '—'],
    [t('vehicles.field.year'), vehicle.year ?? '—'],
    [
      t('vehicles.field.category'),
      vehicle.category
        ? t(`vehicles.category.${vehicle.category as 'cargo' | 'passengers' | 'exempt'}`)
        : '—',
    ],
    [t('vehicles.currentDriver'), driver],
    [t('vehicles.events30d'), format.number(vehicle.summary.events30d)],
    [t('vehicles.lastEvent'), format.dateTime(vehicle.summary.lastEventAt)],
  ];
  return (
    <section className="card section" aria-labelledby="vehicle-details">
      <header className="section__header">
        <h2 id="vehicle-details">{t('vehicles.details')}</h2>
        {canEdit && manual && (
          <button type="button" className="btn btn--ghost" onClick={() => setEditing(true)}>
            {t('vehicles.edit')}
          </button>
        )}
      </header>
      {!manual && <p className="cell-muted">{t('vehicles.mixReadOnly')}</p>}
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <VehicleFormDialog
        open={editing}
        vehicle={vehicle}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          notify(t('vehicles.saved'));
          onChange();
        }}
      />
    </section>
  );
}

function VehicleAssignments({
  vehicle,
  canEdit,
  version,
  onChange,
}: {
  vehicle: VehicleDetail;
  canEdit: boolean;
  version: number;
  onChange: () => void;
}) {
  const t = useT();
  const notify = useToast();
  const [assigning, setAssigning] = useState(false);
  const label = vehicleLabel(vehicle);
  return (
    <>
      <AssignmentsSection
        of={{ vehicleId: vehicle.id }}
        version={version}
        canEdit={canEdit}
        onChange={onChange}
        actions={
          canEdit && (
            <button type="button" className="btn btn--primary" onClick={() => setAssigning(true)}>
              {t('assignments.assign')}
            </button>
          )
        }
      />
      <AssignDriverDialog
        open={assigning}
        vehicle={{ id: vehicle.id, label }}
        onClose={() => setAssigning(false)}
        onSaved={(assignment) => {
          setAssigning(false);
          notify(t('assignments.saved', { driver: assignment.driver.name, vehicle: label }));
          onChange();
        }}
      />
    </>
  );
}
