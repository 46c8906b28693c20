'use client';

import { useState } from 'react';
import { Alert, Dialog, SelectField, TextField } from '@/components';
import { useSubmit } from '@/features/users/useSubmit';
import { useT } from '@/lib/i18n';
import { type DeviceWithStatus, REGISTRABLE_PROTOCOLS, registerDevice } from './devices.api';
import { VehiclePicker } from './VehiclePicker';

type Registered = DeviceWithStatus & { token: string };

/** Registers a device; the caller shows its token once. */
export function RegisterDeviceDialog({
  open,
  onClose,
  onRegistered,
}: {
  open: boolean;
  onClose: () => void;
  onRegistered: (device: Registered) => void;
}) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t('devices.registerTitle')}>
      <RegisterForm onClose={onClose} onRegistered={onRegistered} />
    </Dialog>
  );
}

function RegisterForm({
  onClose,
  onRegistered,
}: {
  onClose: () => void;
  onRegistered: (d: Registered) => void;
}) {
  const t = useT();
  const { busy, error, run } = useSubmit();
  const [name, setName] = useState('');
  const [identifier, setIdentifier] = useState('');
  const [protocol, setProtocol] = useState<(typeof REGISTRABLE_PROTOCOLS)[number]>('json');
  const [vehicleId, setVehicleId] = useState('');
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () =>
          onRegistered(
            await registerDevice({
              name: name.trim(),
              identifier: identifier.trim(),
              protocol,
              vehicleId: vehicleId || null,
            }),
          ),
        );
      }}
    >
      {error && <Alert>{error}</Alert>}
      <TextField
        label={t('devices.field.name')}
        required
        maxLength={200}
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label={t('devices.field.identifier')}
        required
        maxLength={100}
        pattern="[\x21-\x7e]+"
        value={identifier}
        onChange={(e) => setIdentifier(e.target.value)}
      />
      <SelectField
        label={t('devices.field.protocol')}
        value={protocol}
        onChange={(e) => setProtocol(e.target.value as typeof protocol)}
        options={REGISTRABLE_PROTOCOLS.map((p) => ({ value: p, label: p }))}
      />
      <VehiclePicker value={vehicleId} onChange={setVehicleId} />
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('common.saving') : t('devices.register')}
        </button>
      </div>
    </form>
  );
}
