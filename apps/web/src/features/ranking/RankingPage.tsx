'use client';

import { useState } from 'react';
import { Alert, DataTable, PageHeader, Pagination } from '@/components';
import { PeriodPicker } from '@/components/PeriodPicker';
import { downloadFile } from '@/lib/download';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useQueryState } from '@/lib/hooks/useQueryState';
import { useT } from '@/lib/i18n';
import { readPeriod, writePeriod } from '@/lib/period';
import { SEVERITY_POINTS } from '@/lib/severity';
import { sortFromParam, sortToParam } from '@/lib/sort';
import { rankingColumns } from './ranking-columns';
import { useRanking } from './useRanking';
import '@/styles/fleet.css';

const PAGE_SIZE = 25;
/** Sortable columns → the API's sort names. */
const SORTS = { driver: 'name', infractions: 'infractions', score: 'score' } as const;

/** "Ranking": drivers ordered by infraction score over a period (kept in the address). */
export function RankingPage() {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const { params, replace } = useQueryState();
  const period = readPeriod(params, format.timeZone);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sort = sortFromParam(params.get('sort'), SORTS, '-score');
  const { data, loading, error } = useRanking(period, format.timeZone, page, PAGE_SIZE, sort.param);
  // Scores are ordered, so the first row of page 1 is the highest; later pages keep that scale.
  const max = Math.max(1, ...(data?.items.map((row) => row.score) ?? []));
  const driverQuery = `?${new URLSearchParams({ period: 'custom', from: period.from, to: period.to })}`;
  const [exportError, setExportError] = useState<unknown>();
  const [exporting, setExporting] = useState(false);
  const exportSheet = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      await downloadFile(
        '/api/rankings/drivers.xlsx',
        { from: period.from, to: period.to, tz: format.timeZone },
        'ranking.xlsx',
      );
    } catch (caught) {
      setExportError(caught);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('ranking.title')}
        subtitle={t('ranking.subtitle', { ...SEVERITY_POINTS })}
        actions={
          <button type="button" className="btn btn--ghost" onClick={exportSheet} disabled={exporting}>
            {t(exporting ? 'infractions.exporting' : 'infractions.exportXlsx')}
          </button>
        }
      />
      {exportError !== undefined && <Alert>{errorMessage(exportError)}</Alert>}
      <search className="toolbar infraction-filters">
        <PeriodPicker
          period={period}
          timeZone={format.timeZone}
          onChange={(next) =>
            replace((q) => {
              writePeriod(q, next);
              q.delete('page');
            })
          }
        />
      </search>
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      <DataTable
        caption={t('ranking.title')}
        columns={rankingColumns(t, max, driverQuery).map((c) => ({ ...c, sortable: c.key in SORTS }))}
        sort={sort.state}
        onSortChange={(next) =>
          replace((q) => {
            const value = sortToParam(next, SORTS);
            if (value && value !== '-score') q.set('sort', value);
            else q.delete('sort');
            q.delete('page');
          })
        }
        rows={data?.items ?? []}
        rowKey={(row) => row.driver.id}
        loading={loading}
        empty={t('ranking.empty')}
        footer={
          data && data.total > 0 ? (
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onPageChange={(next) => replace((q) => q.set('page', String(next)))}
            />
          ) : undefined
        }
      />
    </>
  );
}
