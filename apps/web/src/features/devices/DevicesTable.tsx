'use client';

import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import {
  Alert,
  type Column,
  ConfirmDialog,
  DataTable,
  Dialog,
  Pagination,
  TextField,
  useToast,
} from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { type Formatters, useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { type Translate, useT } from '@/lib/i18n';
import { DeviceStatusBadge } from './DeviceStatusBadge';
import {
  type DeviceWithStatus,
  linkDevice,
  listDevices,
  rotateToken,
  setOfflineTimeout,
} from './devices.api';
import { TokenDialog } from './TokenDialog';
import { VehiclePicker } from './VehiclePicker';

const PAGE_SIZE = 25;
type Action = { kind: 'rotate' | 'link' | 'timeout'; device: DeviceWithStatus } | null;

function columns(
  t: Translate,
  format: Formatters,
  canEdit: boolean,
  act: (action: Action) => void,
): Column<DeviceWithStatus>[] {
  return [
    { key: 'name', header: t('devices.col.name'), render: (d) => d.name },
    { key: 'identifier', header: t('devices.col.identifier'), render: (d) => <code>{d.identifier}</code> },
    { key: 'protocol', header: t('devices.col.protocol'), render: (d) => d.protocol },
    {
      key: 'status',
      header: t('devices.col.status'),
      render: (d) => (
        <>
          <DeviceStatusBadge status={d.status} />
          {d.offlineAfterSeconds !== null && (
            <span className="field__hint">
              {' '}
              {t('devices.ownTimeout', { minutes: Math.round(d.offlineAfterSeconds / 60) })}
            </span>
          )}
        </>
      ),
    },
    {
      key: 'lastFix',
      header: t('devices.col.lastFix'),
      render: (d) => format.dateTime(d.lastFixAt, t('common.never')),
    },
    {
      key: 'vehicle',
      header: t('devices.col.vehicle'),
      render: (d) =>
        d.vehicleId ? (
          <Link href={`/vehicles/${d.vehicleId}`}>{t('vehicles.details')}</Link>
        ) : (
          t('devices.noVehicle')
        ),
    },
    ...(canEdit
      ? [
          {
            key: 'actions',
            header: t('common.actions'),
            hideHeader: true,
            render: (d: DeviceWithStatus) =>
              d.protocol !== 'mix' && (
                <span className="row-actions">
                  {(['link', 'timeout', 'rotate'] as const).map((kind) => (
                    <button
                      key={kind}
                      type="button"
                      className="btn btn--ghost btn--small"
                      onClick={() => act({ kind, device: d })}
                    >
                      {t(`devices.${kind}`)}
                    </button>
                  ))}
                </span>
              ),
          },
        ]
      : []),
  ];
}

/** Devices with status badges and last fix; managers link them to a vehicle and rotate their token. */
export function DevicesTable({
  search,
  vehicleId,
  version,
  canEdit,
  onChange,
}: {
  search?: string;
  vehicleId?: string;
  version: number;
  canEdit: boolean;
  onChange?: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<Action>(null);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [own, setOwn] = useState(0);
  const { data, loading, error } = useLoad(`${search}|${vehicleId}|${page}|${version}|${own}`, (signal) =>
    listDevices({ search: search || undefined, vehicleId, page, pageSize: PAGE_SIZE }, signal),
  );
  const changed = () => {
    setOwn((n) => n + 1);
    onChange?.();
  };

  return (
    <>
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      <DataTable
        caption={t('devices.title')}
        columns={columns(t, format, canEdit, setAction)}
        rows={data?.items ?? []}
        rowKey={(d) => d.id}
        loading={loading}
        empty={
          vehicleId
            ? t('devices.noneOfVehicle')
            : search
              ? t('devices.emptySearch', { search })
              : t('devices.empty')
        }
        footer={
          data && data.total > PAGE_SIZE ? (
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onPageChange={setPage} />
          ) : undefined
        }
      />
      <ConfirmDialog
        open={action?.kind === 'rotate'}
        title={action ? t('devices.rotateTitle', { name: action.device.name }) : ''}
        confirmLabel={t('devices.rotate')}
        onClose={() => setAction(null)}
        onConfirm={async () => {
          if (!action) return;
          const answer = await rotateToken(action.device.id);
          setToken({ name: action.device.name, token: answer.token });
        }}
      >
        {t('devices.rotateText')}
      </ConfirmDialog>
      {(['link', 'timeout'] as const).map((kind) => {
        const { title, done, Form } = FORMS[kind];
        return (
          <Dialog
            key={kind}
            open={action?.kind === kind}
            onClose={() => setAction(null)}
            title={action ? t(title, { name: action.device.name }) : ''}
            size="small"
          >
            {action && (
              <Form
                device={action.device}
                onClose={() => setAction(null)}
                onSaved={() => {
                  setAction(null);
                  notify(t(done));
                  changed();
                }}
              />
            )}
          </Dialog>
        );
      })}
      <TokenDialog shown={token} onClose={() => setToken(null)} />
    </>
  );
}

interface FormProps {
  device: DeviceWithStatus;
  onClose: () => void;
  onSaved: () => void;
}

/** A small form about one device: the error of its save, its fields, cancel and save. */
function DeviceForm({
  save,
  onClose,
  onSaved,
  children,
}: Omit<FormProps, 'device'> & { save: () => Promise<unknown>; children: ReactNode }) {
  const t = useT();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        save().then(onSaved, (caught) => setError(errorMessage(caught)));
      }}
    >
      {error && <Alert>{error}</Alert>}
      {children}
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

function LinkForm({ device, ...rest }: FormProps) {
  const [vehicleId, setVehicleId] = useState(device.vehicleId ?? '');
  return (
    <DeviceForm {...rest} save={() => linkDevice(device.id, vehicleId || null)}>
      <VehiclePicker value={vehicleId} onChange={setVehicleId} />
    </DeviceForm>
  );
}

/** The device's own offline timeout in minutes; blank means the configured default. */
function TimeoutForm({ device, ...rest }: FormProps) {
  const t = useT();
  const [minutes, setMinutes] = useState(
    device.offlineAfterSeconds === null ? '' : String(Math.round(device.offlineAfterSeconds / 60)),
  );
  return (
    <DeviceForm
      {...rest}
      save={() =>
        setOfflineTimeout(device.id, minutes.trim() === '' ? null : Math.round(Number(minutes) * 60))
      }
    >
      <TextField
        label={t('devices.field.timeout')}
        hint={t('devices.field.timeoutHint')}
        type="number"
        min={1}
        max={10080}
        step={1}
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
      />
    </DeviceForm>
  );
}

/** The dialogs of the row actions that edit the device: title, toast, form. */
const FORMS = {
  link: { title: 'devices.linkTitle', done: 'devices.linked', Form: LinkForm },
  timeout: { title: 'devices.timeoutTitle', done: 'devices.timeoutSaved', Form: TimeoutForm },
} as const;
