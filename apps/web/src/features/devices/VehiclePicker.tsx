'use client';

import { useState } from 'react';
import { SelectField, TextField } from '@/components';
import { useDebounced } from '@/features/drivers/useDriverSearch';
import { listVehicles } from '@/features/vehicles/vehicles.api';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';

/** Search a vehicle by plate and pick it (or none). */
export function VehiclePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 250);
  const vehicles = useLoad(`pick|${search}`, (signal) =>
    listVehicles({ search: search || undefined, pageSize: 50 }, signal),
  );
  return (
    <>
      <TextField
        label={t('vehicles.search')}
        type="search"
        placeholder={t('vehicles.searchPlaceholder')}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <SelectField
        label={t('devices.field.vehicle')}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        options={[
          { value: '', label: t('devices.noVehicle') },
          ...(vehicles.data?.items ?? []).map((v) => ({
            value: v.id,
            label: v.plate ? `${v.plate} — ${v.description}` : v.description,
          })),
        ]}
      />
    </>
  );
}
