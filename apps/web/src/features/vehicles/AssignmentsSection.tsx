'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Alert, Badge, type Column, ConfirmDialog, DataTable, Pagination, useToast } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { type Formatters, useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { type Translate, useT } from '@/lib/i18n';
import { type Assignment, deleteAssignment, endAssignment, listAssignments } from './vehicles.api';

type Action = { kind: 'end' | 'delete'; assignment: Assignment } | null;

function columns(
  t: Translate,
  format: Formatters,
  of: 'vehicle' | 'driver',
  canEdit: boolean,
  act: (action: Action) => void,
): Column<Assignment>[] {
  return [
    of === 'vehicle'
      ? {
          key: 'driver',
          header: t('assignments.col.driver'),
          render: (a) => <Link href={`/drivers/${a.driver.id}`}>{a.driver.name}</Link>,
        }
      : {
          key: 'vehicle',
          header: t('assignments.col.vehicle'),
          render: (a) => (
            <Link href={`/vehicles/${a.vehicle.id}`}>{a.vehicle.plate ?? a.vehicle.description}</Link>
          ),
        },
    { key: 'from', header: t('assignments.col.from'), render: (a) => format.dateTime(a.startsAt) },
    {
      key: 'to',
      header: t('assignments.col.to'),
      render: (a) =>
        a.endsAt ? format.dateTime(a.endsAt) : <Badge tone="good">{t('assignments.open')}</Badge>,
    },
    {
      key: 'source',
      header: t('assignments.col.source'),
      render: (a) => t(a.source === 'mix' ? 'vehicles.source.mix' : 'vehicles.source.manual'),
    },
    { key: 'note', header: t('assignments.col.note'), render: (a) => a.note ?? '' },
    ...(canEdit
      ? [
          {
            key: 'actions',
            header: t('common.actions'),
            hideHeader: true,
            render: (a: Assignment) =>
              a.source === 'manual' && (
                <span className="row-actions">
                  {!a.endsAt && (
                    <button
                      type="button"
                      className="btn btn--ghost btn--small"
                      onClick={() => act({ kind: 'end', assignment: a })}
                    >
                      {t('assignments.end')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    onClick={() => act({ kind: 'delete', assignment: a })}
                  >
                    {t('assignments.delete')}
                  </button>
                </span>
              ),
          },
        ]
      : []),
  ];
}

/** A vehicle's (or a driver's) assignment history, newest first; managers end or delete manual ones. */
export function AssignmentsSection({
  of,
  version,
  canEdit,
  onChange,
  actions,
}: {
  of: { vehicleId: string } | { driverId: string };
  version: number;
  canEdit: boolean;
  onChange: () => void;
  actions?: React.ReactNode;
}) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<Action>(null);
  const kind = 'vehicleId' in of ? 'vehicle' : 'driver';
  const { data, loading, error } = useLoad(`${JSON.stringify(of)}|${page}|${version}`, (signal) =>
    listAssignments(of, page, signal),
  );
  const title = t(kind === 'vehicle' ? 'assignments.title' : 'assignments.driverHistory');

  return (
    <section className="card section" aria-labelledby={`assignments-${kind}`}>
      <header className="section__header">
        <h2 id={`assignments-${kind}`}>{title}</h2>
        {actions}
      </header>
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      <DataTable
        caption={title}
        columns={columns(t, format, kind, canEdit, setAction)}
        rows={data?.items ?? []}
        rowKey={(a) => a.id}
        loading={loading}
        empty={t(kind === 'vehicle' ? 'assignments.empty' : 'assignments.driverEmpty')}
        footer={
          data && data.total > data.pageSize ? (
            <Pagination page={page} pageSize={data.pageSize} total={data.total} onPageChange={setPage} />
          ) : undefined
        }
      />
      <ConfirmDialog
        open={action !== null}
        title={
          action
            ? t(action.kind === 'end' ? 'assignments.endTitle' : 'assignments.deleteTitle', {
                driver: action.assignment.driver.name,
              })
            : ''
        }
        confirmLabel={t(action?.kind === 'end' ? 'assignments.end' : 'assignments.delete')}
        onClose={() => setAction(null)}
        onConfirm={async () => {
          if (!action) return;
          if (action.kind === 'end') await endAssignment(action.assignment.id);
          else await deleteAssignment(action.assignment.id);
          notify(t(action.kind === 'end' ? 'assignments.ended' : 'assignments.deleted'));
          setAction(null);
          onChange();
        }}
      >
        {action && t(action.kind === 'end' ? 'assignments.endText' : 'assignments.deleteText')}
      </ConfirmDialog>
    </section>
  );
}
