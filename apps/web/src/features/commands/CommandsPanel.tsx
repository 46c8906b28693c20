'use client';

import { useState } from 'react';
import { Alert, Badge, Card, type Column, DataTable, Pagination, SelectField, useToast } from '@/components';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { usePoll } from '@/lib/hooks/usePoll';
import { type MessageKey, useT } from '@/lib/i18n';
import {
  COMMAND_STATE_NAMES,
  type Command,
  type CommandAuditEntry,
  type CommandKind,
  type CommandStateName,
  cancelCommand,
  getCommandSettings,
  listAudit,
  listCommands,
} from './commands.api';
import { SendCommandDialog } from './SendCommandDialog';
import './commands.css';

const TONES: Record<CommandStateName, 'neutral' | 'good' | 'warning' | 'bad' | 'info'> = {
  queued: 'info',
  sent: 'warning',
  acknowledged: 'good',
  failed: 'bad',
  expired: 'neutral',
  cancelled: 'neutral',
};
const PAGE_SIZE = 10;
// While a command waits for the tracker, look often; otherwise rarely.
const pollDelay = (page: { items: Command[] } | null) =>
  page?.items.some((c) => c.state === 'queued' || c.state === 'sent') ? 3_000 : 30_000;

interface Props {
  vehicleId: string;
  /** The vehicle's plate (null when it has none: the tracker's identifier is typed instead). */
  plate: string | null;
  /** The tracker's identifier, the confirmation of a vehicle without plate. */
  deviceIdentifier?: string | null;
}

/** A vehicle's commands: send block, unblock or custom text; follow their state; read the audit log. */
export function CommandsPanel({ vehicleId, plate, deviceIdentifier = null }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const [kind, setKind] = useState<CommandKind | null>(null);
  const [state, setState] = useState<CommandStateName | ''>('');
  const [page, setPage] = useState(1);
  const [auditPage, setAuditPage] = useState(1);
  const [sms, setSms] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const settings = useLoad('settings', getCommandSettings);
  const commands = usePoll(
    `${vehicleId}:${state}:${page}`,
    (signal) => listCommands(vehicleId, { state: state || undefined, page, pageSize: PAGE_SIZE }, signal),
    pollDelay,
  );
  const audit = usePoll(
    `${vehicleId}:${auditPage}`,
    (signal) => listAudit(vehicleId, { page: auditPage, pageSize: PAGE_SIZE }, signal),
    () => 10_000,
  );
  const mayAct =
    user?.role === 'admin' || (user?.role === 'manager' && settings.data?.managersMaySend === true);
  const confirmationOf = plate ?? deviceIdentifier ?? '';

  const reload = () => {
    commands.reload();
    audit.reload();
  };
  const cancel = async (command: Command) => {
    setError(null);
    try {
      await cancelCommand(command.id);
      notify(t('commands.cancelled'), 'success');
      reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const columns: Column<Command>[] = [
    { key: 'created', header: t('commands.col.created'), render: (c) => format.dateTime(c.createdAt) },
    {
      key: 'type',
      header: t('commands.col.type'),
      render: (c) => (
        <span>
          {t(`commands.type.${c.type}` as MessageKey)}
          {c.text && <code className="commands__text">{c.text}</code>}
        </span>
      ),
    },
    {
      key: 'state',
      header: t('commands.col.state'),
      render: (c) => <Badge tone={TONES[c.state]}>{t(`commands.state.${c.state}` as MessageKey)}</Badge>,
    },
    { key: 'by', header: t('commands.col.by'), render: (c) => c.requestedByName },
    { key: 'reason', header: t('commands.col.reason'), render: (c) => c.reason },
    {
      key: 'response',
      header: t('commands.col.response'),
      render: (c) => (c.response ? <code className="commands__text">{c.response}</code> : (c.error ?? '—')),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      align: 'end',
      render: (c) =>
        c.state === 'queued' && mayAct ? (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => void cancel(c)}>
            {t('commands.cancel')}
          </button>
        ) : null,
    },
  ];

  const auditColumns: Column<CommandAuditEntry>[] = [
    { key: 'at', header: t('commands.audit.at'), render: (a) => format.dateTime(a.at) },
    {
      key: 'action',
      header: t('commands.audit.action'),
      render: (a) => t(`commands.action.${a.action}` as MessageKey),
    },
    { key: 'who', header: t('commands.audit.who'), render: (a) => a.actorName ?? t('commands.audit.system') },
    { key: 'detail', header: t('commands.audit.detail'), render: (a) => auditDetail(a) },
  ];

  return (
    <div className="commands">
      <Card title={t('commands.title')}>
        <div className="commands__actions">
          {(['engine_block', 'engine_unblock', 'custom'] as const).map((k) => (
            <button
              key={k}
              type="button"
              className={`btn ${k === 'engine_block' ? 'btn--danger' : 'btn--primary'}`}
              disabled={!mayAct || !confirmationOf}
              onClick={() => {
                setSms(null);
                setKind(k);
              }}
            >
              {t(
                k === 'engine_block'
                  ? 'commands.send.block'
                  : k === 'engine_unblock'
                    ? 'commands.send.unblock'
                    : 'commands.send.custom',
              )}
            </button>
          ))}
        </div>
        {!mayAct && settings.data && <p className="field__hint">{t('commands.notAllowed')}</p>}
        {sms && (
          <Alert tone="info">
            {t('commands.smsToSend')} <code className="commands__text">{sms}</code>
          </Alert>
        )}
        {error && <Alert>{error}</Alert>}
      </Card>

      <Card title={t('commands.list.title')}>
        <div className="commands__filters">
          <SelectField
            label={t('commands.list.filter')}
            value={state}
            options={[
              { value: '', label: t('common.all') },
              ...COMMAND_STATE_NAMES.map((s) => ({
                value: s,
                label: t(`commands.state.${s}` as MessageKey),
              })),
            ]}
            onChange={(e) => {
              setState(e.target.value as CommandStateName | '');
              setPage(1);
            }}
          />
        </div>
        <div className="commands__table">
          <DataTable
            caption={t('commands.list.title')}
            columns={columns}
            rows={commands.data?.items ?? []}
            rowKey={(c) => c.id}
            loading={commands.data === null && !commands.error}
            empty={t('commands.list.empty')}
            footer={
              commands.data && (
                <Pagination
                  page={page}
                  pageSize={PAGE_SIZE}
                  total={commands.data.total}
                  onPageChange={setPage}
                />
              )
            }
          />
        </div>
      </Card>

      <Card title={t('commands.audit.title')}>
        <div className="commands__table">
          <DataTable
            caption={t('commands.audit.title')}
            columns={auditColumns}
            rows={audit.data?.items ?? []}
            rowKey={(a) => a.id}
            loading={audit.data === null && !audit.error}
            empty={t('commands.audit.empty')}
            footer={
              audit.data && (
                <Pagination
                  page={auditPage}
                  pageSize={PAGE_SIZE}
                  total={audit.data.total}
                  onPageChange={setAuditPage}
                />
              )
            }
          />
        </div>
      </Card>

      <SendCommandDialog
        vehicleId={vehicleId}
        confirmationOf={confirmationOf}
        hasPlate={plate !== null}
        kind={kind}
        onClose={() => setKind(null)}
        onSent={(command) => {
          setKind(null);
          if (command.channel === 'sms') setSms(command.sentText ?? command.smsText);
          else notify(t('commands.queued'), 'success');
          reload();
        }}
      />
    </div>
  );
}

/** The reason, and what was sent or answered, in one line. */
function auditDetail(a: CommandAuditEntry): React.ReactNode {
  const said = (a.detail.response ?? a.detail.text ?? a.detail.message) as string | undefined;
  return (
    <span>
      {a.reason}
      {said && <code className="commands__text">{said}</code>}
    </span>
  );
}
