'use client';

import { localInstant } from '@pioneira/core/time';
import { useState } from 'react';
import { Alert, Dialog, SelectField, TextField } from '@/components';
import { useDebounced } from '@/features/drivers/useDriverSearch';
import { searchDrivers } from '@/features/fleet/fleet.api';
import { useSubmit } from '@/features/users/useSubmit';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import { type Assignment, assignDriver } from './vehicles.api';

/** Picks a driver (search by name or employee number) and assigns them from now on or for dated period. */
export function AssignDriverDialog({
  open,
  vehicle,
  onClose,
  onSaved,
}: {
  open: boolean;
  vehicle: { id: string; label: string };
  onClose: () => void;
  onSaved: (assignment: Assignment) => void;
}) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t('assignments.assignTitle', { vehicle: vehicle.label })}>
      <AssignForm vehicleId={vehicle.id} onClose={onClose} onSaved={onSaved} />
    </Dialog>
  );
}

function AssignForm({
  vehicleId,
  onClose,
  onSaved,
}: {
  vehicleId: string;
  onClose: () => void;
  onSaved: (assignment: Assignment) => void;
}) {
  const t = useT();
  const format = useFormat();
  const { busy, error, run } = useSubmit();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 250);
  const [driverId, setDriverId] = useState('');
  const [mode, setMode] = useState<'now' | 'dated'>('now');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [note, setNote] = useState('');
  const drivers = useLoad(`assign|${search}`, (signal) =>
    searchDrivers({ search: search || undefined, page: 1, pageSize: 20 }, signal),
  );
  const options = drivers.data?.items ?? [];
  const chosen = driverId || options[0]?.id || '';

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!chosen) return;
    void run(async () => {
      const dated = mode === 'dated' && startsAt;
      onSaved(
        await assignDriver(vehicleId, {
          driverId: chosen,
          ...(dated
            ? {
                startsAt: localInstant(startsAt, format.timeZone).toISOString(),
                endsAt: endsAt ? localInstant(endsAt, format.timeZone).toISOString() : null,
              }
            : {}),
          note: note.trim() || null,
        }),
      );
    });
  };

  return (
    <form className="form" onSubmit={onSubmit}>
      {error && <Alert>{error}</Alert>}
      <TextField
        label={t('assignments.driverSearch')}
        type="search"
        value={text}
        autoFocus
        onChange={(event) => {
          setText(event.target.value);
          setDriverId('');
        }}
      />
      <SelectField
        label={t('assignments.driver')}
        value={chosen}
        onChange={(event) => setDriverId(event.target.value)}
        required
        options={
          options.length > 0
            ? options.map((d) => ({
                value: d.id,
                label: d.employeeNumber ? `${d.name} (${d.employeeNumber})` : d.name,
              }))
            : [{ value: '', label: t(drivers.loading ? 'common.loading' : 'assignments.noDriverFound') }]
        }
      />
      <fieldset className="field">
        <legend>{t('assignments.startsAt')}</legend>
        <label className="radio">
          <input type="radio" name="mode" checked={mode === 'now'} onChange={() => setMode('now')} />{' '}
          {t('assignments.fromNow')}
        </label>
        <label className="radio">
          <input type="radio" name="mode" checked={mode === 'dated'} onChange={() => setMode('dated')} />{' '}
          {t('assignments.dated')}
        </label>
      </fieldset>
      {mode === 'now' ? (
        <p className="field__hint">{t('assignments.fromNowHint')}</p>
      ) : (
        <>
          <TextField
            label={t('assignments.startsAt')}
            type="datetime-local"
            required
            value={startsAt}
            onChange={(event) => setStartsAt(event.target.value)}
            hint={t('assignments.zoneHint', { zone: format.timeZone })}
          />
          <TextField
            label={t('assignments.endsAt')}
            type="datetime-local"
            value={endsAt}
            min={startsAt || undefined}
            onChange={(event) => setEndsAt(event.target.value)}
          />
        </>
      )}
      <TextField
        label={t('assignments.note')}
        value={note}
        maxLength={500}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy || !chosen}>
          {busy ? t('common.saving') : t('assignments.assign')}
        </button>
      </div>
    </form>
  );
}
