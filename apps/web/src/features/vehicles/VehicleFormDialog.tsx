'use client';

import { useState } from 'react';
import { Alert, Dialog, SelectField, TextField } from '@/components';
import { useSubmit } from '@/features/users/useSubmit';
import { useT } from '@/lib/i18n';
import { createVehicle, updateVehicle, type VehicleDetail, type VehicleFields } from './vehicles.api';

const CATEGORIES = ['cargo', 'passengers', 'exempt'] as const;
const orNull = (value: string) => value.trim() || null;

/** Adds a vehicle (`vehicle` null) or edits a manual one. */
export function VehicleFormDialog({
  open,
  vehicle,
  onClose,
  onSaved,
}: {
  open: boolean;
  vehicle: VehicleDetail | null;
  onClose: () => void;
  onSaved: (vehicle: VehicleDetail) => void;
}) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t(vehicle ? 'vehicles.editTitle' : 'vehicles.createTitle')}>
      <VehicleForm vehicle={vehicle} onClose={onClose} onSaved={onSaved} />
    </Dialog>
  );
}

function VehicleForm({
  vehicle,
  onClose,
  onSaved,
}: {
  vehicle: VehicleDetail | null;
  onClose: () => void;
  onSaved: (vehicle: VehicleDetail) => void;
}) {
  const t = useT();
  const { busy, error, run } = useSubmit();
  const [fields, setFields] = useState({
    plate: vehicle?.plate ?? '',
    description: vehicle?.description ?? '',
    fleetNumber: vehicle?.fleetNumber ?? '',
    make: vehicle?.make ?? '',
    model: vehicle?.model ?? '',
    year: vehicle?.year ?? '',
    category: (vehicle?.category ?? 'exempt') as (typeof CATEGORIES)[number],
  });
  const set = (key: keyof typeof fields) => (event: { target: { value: string } }) =>
    setFields((previous) => ({ ...previous, [key]: event.target.value }));

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const body: VehicleFields = {
        plate: orNull(fields.plate),
        description: fields.description.trim(),
        fleetNumber: orNull(fields.fleetNumber),
        make: orNull(fields.make),
        model: orNull(fields.model),
        year: orNull(fields.year),
      };
      onSaved(
        vehicle
          ? await updateVehicle(vehicle.id, body)
          : await createVehicle({ ...body, category: fields.category }),
      );
    });
  };

  return (
    <form className="form" onSubmit={onSubmit}>
      {error && <Alert>{error}</Alert>}
      <TextField
        label={t('vehicles.field.plate')}
        value={fields.plate}
        onChange={set('plate')}
        maxLength={16}
        autoFocus
      />
      <TextField
        label={t('vehicles.field.description')}
        value={fields.description}
        onChange={set('description')}
        required
        maxLength={200}
      />
      <TextField
        label={t('vehicles.field.fleetNumber')}
        value={fields.fleetNumber}
        onChange={set('fleetNumber')}
        maxLength={50}
      />
      <TextField label={t('vehicles.field.make')} value={fields.make} onChange={set('make')} maxLength={80} />
      <TextField
        label={t('vehicles.field.model')}
        value={fields.model}
        onChange={set('model')}
        maxLength={80}
      />
      <TextField
        label={t('vehicles.field.year')}
        value={fields.year}
        onChange={set('year')}
        inputMode="numeric"
        pattern="[0-9]{4}"
        maxLength={4}
      />
      {!vehicle && (
        <SelectField
          label={t('vehicles.field.category')}
          value={fields.category}
          onChange={set('category')}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`vehicles.category.${c}`) }))}
        />
      )}
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
