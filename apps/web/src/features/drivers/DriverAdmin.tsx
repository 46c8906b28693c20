'use client';

import { useState } from 'react';
import { Alert, Dialog, TextField, useToast } from '@/components';
import { useSubmit } from '@/features/users/useSubmit';
import { AssignmentsSection } from '@/features/vehicles/AssignmentsSection';
import { apiFetch } from '@/lib/api';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useT } from '@/lib/i18n';
import type { DriverDetail } from '../fleet/fleet.api';
import '@/styles/fleet-admin.css';

type DriverChange = {
  name?: string;
  employeeNumber?: string | null;
  mobileNumber?: string | null;
  email?: string | null;
  system?: boolean | null;
};

const updateDriver = (id: string, body: DriverChange) =>
  apiFetch<DriverDetail>(`/api/drivers/${encodeURIComponent(id)}`, { method: 'PATCH', body });

const canManage = (role: string | undefined) => role === 'admin' || role === 'manager';

/** "Editar" (manual drivers) and "Marcar como motorista do sistema / pessoa" (any driver). */
export function DriverAdminActions({
  driver,
  onSaved,
}: {
  driver: DriverDetail;
  onSaved: (driver: DriverDetail) => void;
}) {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const [editing, setEditing] = useState(false);
  if (!canManage(user?.role)) return null;
  const toggleSystem = async () => {
    try {
      const saved = await updateDriver(driver.id, { system: !driver.isSystemDriver });
      notify(t(saved.isSystemDriver ? 'drivers.markedSystem' : 'drivers.markedPerson'));
      onSaved(saved);
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    }
  };
  return (
    <>
      {driver.source === 'manual' && (
        <button type="button" className="btn btn--ghost" onClick={() => setEditing(true)}>
          {t('drivers.edit')}
        </button>
      )}
      <button type="button" className="btn btn--ghost" onClick={() => void toggleSystem()}>
        {t(driver.isSystemDriver ? 'drivers.markPerson' : 'drivers.markSystem')}
      </button>
      <Dialog open={editing} onClose={() => setEditing(false)} title={t('drivers.editTitle')}>
        <EditDriverForm
          driver={driver}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            notify(t('drivers.saved'));
            onSaved(saved);
          }}
        />
      </Dialog>
    </>
  );
}

function EditDriverForm({
  driver,
  onClose,
  onSaved,
}: {
  driver: DriverDetail;
  onClose: () => void;
  onSaved: (driver: DriverDetail) => void;
}) {
  const t = useT();
  const { busy, error, run } = useSubmit();
  const [fields, setFields] = useState({
    name: driver.name,
    employeeNumber: driver.employeeNumber ?? '',
    mobileNumber: driver.mobileNumber ?? '',
    email: driver.email ?? '',
  });
  const set = (key: keyof typeof fields) => (event: { target: { value: string } }) =>
    setFields((previous) => ({ ...previous, [key]: event.target.value }));
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () =>
          onSaved(
            await updateDriver(driver.id, {
              name: fields.name.trim(),
              employeeNumber: fields.employeeNumber.trim() || null,
              mobileNumber: fields.mobileNumber.trim() || null,
              email: fields.email.trim() || null,
            }),
          ),
        );
      }}
    >
      {error && <Alert>{error}</Alert>}
      <TextField
        label={t('drivers.field.name')}
        required
        maxLength={200}
        autoFocus
        value={fields.name}
        onChange={set('name')}
      />
      <TextField
        label={t('drivers.field.employeeNumber')}
        maxLength={50}
        value={fields.employeeNumber}
        onChange={set('employeeNumber')}
      />
      <TextField
        label={t('drivers.field.mobile')}
        type="tel"
        maxLength={40}
        value={fields.mobileNumber}
        onChange={set('mobileNumber')}
      />
      <TextField
        label={t('drivers.field.email')}
        type="email"
        maxLength={200}
        value={fields.email}
        onChange={set('email')}
      />
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

/** The driver's vehicle assignments, newest first. */
export function DriverAssignments({ driverId }: { driverId: string }) {
  const { user } = useAuth();
  const [version, setVersion] = useState(0);
  return (
    <AssignmentsSection
      of={{ driverId }}
      version={version}
      canEdit={canManage(user?.role)}
      onChange={() => setVersion((n) => n + 1)}
    />
  );
}
