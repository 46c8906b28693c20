'use client';

import { useState } from 'react';
import { PageHeader, TextField } from '@/components';
import { useDebounced } from '@/features/drivers/useDriverSearch';
import { useAuth } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import { DevicesTable } from './DevicesTable';
import { RegisterDeviceDialog } from './RegisterDeviceDialog';
import { TokenDialog } from './TokenDialog';

/** "Dispositivos": status, last fix, register (token shown once), rotate, link to a vehicle. */
export function DevicesPage() {
  const t = useT();
  const { user } = useAuth();
  const canEdit = user?.role === 'admin' || user?.role === 'manager';
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 250);
  const [registering, setRegistering] = useState(false);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [version, setVersion] = useState(0);
  return (
    <>
      <PageHeader
        title={t('devices.title')}
        subtitle={t('devices.subtitle')}
        actions={
          canEdit && (
            <button type="button" className="btn btn--primary" onClick={() => setRegistering(true)}>
              {t('devices.register')}
            </button>
          )
        }
      />
      <search className="toolbar">
        <TextField
          className="toolbar__search"
          label={t('devices.search')}
          type="search"
          placeholder={t('devices.searchPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </search>
      <DevicesTable search={search} version={version} canEdit={canEdit} />
      <RegisterDeviceDialog
        open={registering}
        onClose={() => setRegistering(false)}
        onRegistered={(device) => {
          setRegistering(false);
          setToken({ name: device.name, token: device.token });
          setVersion((n) => n + 1);
        }}
      />
      <TokenDialog shown={token} onClose={() => setToken(null)} />
    </>
  );
}
