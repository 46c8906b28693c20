'use client';

import { useState } from 'react';
import { Badge, Card, type Column, DataTable, Pagination, SelectField } from '@/components';
import { ColumnChart } from '@/components/ColumnChart';
import type { Formatters } from '@/lib/format';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { type Translate, useI18n, useT } from '@/lib/i18n';
import { formatDuration } from '@/lib/time';
import { type EtlJobName, type EtlRun, listRuns, type RunStatus } from './integrations.api';

const PAGE_SIZE = 20;
const STATUS_TONE: Record<RunStatus, 'good' | 'bad' | 'warning' | 'info'> = {
  succeeded: 'good',
  failed: 'bad',
  interrupted: 'warning',
  running: 'info',
};

function runColumns(t: Translate, format: Formatters): Column<EtlRun>[] {
  const count = (value: number) => format.number(value);
  return [
    {
      key: 'startedAt',
      header: t('integrations.runs.started'),
      render: (run) => (
        <span className="nowrap">
          {format.dateTime(run.startedAt)}
          {run.trigger === 'manual' && <span className="cell-muted"> · {t('integrations.runs.manual')}</span>}
        </span>
      ),
    },
    { key: 'job', header: t('integrations.runs.job'), render: (run) => <code>{run.job}</code> },
    {
      key: 'duration',
      header: t('integrations.runs.duration'),
      align: 'end',
      render: (run) => formatDuration(run.durationMs),
    },
    { key: 'pages', header: t('integrations.runs.pages'), align: 'end', render: (run) => count(run.pages) },
    {
      key: 'requests',
      header: t('integrations.runs.requests'),
      align: 'end',
      render: (run) => count(run.requests),
    },
    {
      key: 'inserted',
      header: t('integrations.runs.inserted'),
      align: 'end',
      render: (run) => count(run.inserted),
    },
    {
      key: 'duplicates',
      header: t('integrations.runs.duplicates'),
      align: 'end',
      render: (run) => count(run.duplicates),
    },
    {
      key: 'status',
      header: t('integrations.runs.status'),
      render: (run) => (
        <Badge tone={STATUS_TONE[run.status] ?? 'neutral'}>{t(`integrations.run.${run.status}`)}</Badge>
      ),
    },
    {
      key: 'error',
      header: t('integrations.runs.error'),
      render: (run) => (
        <span className="run-error" title={run.error ?? undefined}>
          {run.gap
            ? t('integrations.runs.gap', {
                from: format.dateTime(run.gap.from),
                to: format.dateTime(run.gap.to),
              })
            : ''}
          {run.error ?? (run.gap ? '' : '—')}
        </span>
      ),
    },
  ];
}

/** The run history (newest first, paginated) with a chart of the events each run stored. */
export function RunsHistory({ version, jobs }: { version: string; jobs: readonly EtlJobName[] }) {
  const t = useT();
  const format = useFormat();
  const [job, setJob] = useState<EtlJobName | ''>('');
  const [page, setPage] = useState(1);
  const runs = useLoad(`${job}|${page}|${version}`, (signal) =>
    listRuns({ job: job || undefined, page, pageSize: PAGE_SIZE }, signal),
  );
  const data = runs.data;
  const chartRuns = [...(data?.items ?? [])].reverse();
  const { locale } = useI18n();
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: format.timeZone });
  const timeOnly = (iso: string) => clock.format(new Date(iso));

  return (
    <Card
      title={t('integrations.runs.title')}
      className="runs-card"
      actions={
        <SelectField
          label={t('integrations.runs.filter')}
          value={job}
          onChange={(event) => {
            setJob(event.target.value as EtlJobName | '');
            setPage(1);
          }}
          options={[
            { value: '', label: t('common.all') },
            ...jobs.map((name) => ({ value: name, label: name })),
          ]}
        />
      }
    >
      {chartRuns.some((run) => run.inserted + run.duplicates > 0) && (
        <ColumnChart
          title={t('integrations.runs.chart')}
          legend={[
            { label: t('integrations.runs.inserted'), className: 'chart-fill--primary' },
            { label: t('integrations.runs.duplicates'), className: 'chart-fill--muted' },
          ]}
          columns={chartRuns.map((run) => ({
            key: run.id,
            label: timeOnly(run.startedAt),
            title: t('integrations.runs.chartTitle', {
              when: format.dateTime(run.startedAt),
              inserted: run.inserted,
              duplicates: run.duplicates,
            }),
            segments: [
              { value: run.inserted, className: 'chart-fill--primary' },
              { value: run.duplicates, className: 'chart-fill--muted' },
            ],
          }))}
        />
      )}
      <DataTable
        caption={t('integrations.runs.title')}
        columns={runColumns(t, format)}
        rows={data?.items ?? []}
        rowKey={(run) => run.id}
        loading={runs.loading && !data}
        empty={t('integrations.runs.empty')}
        footer={
          data && data.total > PAGE_SIZE ? (
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onPageChange={setPage} />
          ) : undefined
        }
      />
    </Card>
  );
}
