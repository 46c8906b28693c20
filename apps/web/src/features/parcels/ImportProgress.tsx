'use client';

import { useState } from 'react';
import { Alert, Badge, useToast } from '@/components';
import { ProgressBar } from '@/components/ProgressBar';
import { downloadFile } from '@/lib/download';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { type ParcelImport, rejectionsPath } from './parcels.api';

export const IMPORT_TONE = { queued: 'neutral', running: 'info', done: 'good', failed: 'bad' } as const;

/** Fetches the import's rejection report (row, column, reason) and saves it. */
export function RejectionsButton({ item, small = false }: { item: ParcelImport; small?: boolean }) {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadFile(rejectionsPath(item.id), {}, `rejeicoes-${item.id}.csv`);
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={`btn btn--ghost ${small ? 'btn--small' : ''}`}
      onClick={download}
      disabled={busy}
    >
      {t('parcels.import.rejections')}
    </button>
  );
}

/** One import as it runs: the bar (percent, rows/s), then the accepted and rejected counts. */
export function ImportProgress({ item }: { item: ParcelImport }) {
  const t = useT();
  const format = useFormat();
  const active = item.status === 'queued' || item.status === 'running';
  const percent =
    item.status === 'done' ? 100 : item.status === 'queued' && item.rowsRead === 0 ? null : item.percent;
  return (
    <section className="import-progress" aria-label={t('parcels.import.current', { file: item.filename })}>
      <div className="import-progress__head">
        <strong>{item.filename}</strong>
        <Badge tone={IMPORT_TONE[item.status]}>{t(`parcels.import.status.${item.status}`)}</Badge>
      </div>
      {item.status !== 'failed' && (
        <ProgressBar
          label={t('parcels.import.progress')}
          value={percent}
          detail={t('parcels.import.progressDetail', {
            percent: format.number(item.status === 'done' ? 100 : item.percent, { maximumFractionDigits: 0 }),
            rate: format.number(item.rowsPerSecond),
            rows: format.number(item.rowsRead),
          })}
        />
      )}
      {!active && item.status === 'done' && (
        <div className="import-progress__result">
          <span>
            <strong>{format.number(item.rowsAccepted)}</strong> {t('parcels.import.accepted')}
          </span>
          <span>
            <strong>{format.number(item.rowsRejected)}</strong> {t('parcels.import.rejected')}
          </span>
          <span className="cell-muted">
            {t('parcels.import.inserted', { count: format.number(item.rowsInserted) })}
          </span>
          {item.rowsRejected > 0 && <RejectionsButton item={item} />}
        </div>
      )}
      {item.status === 'failed' && <Alert>{item.error ?? t('errors.generic')}</Alert>}
    </section>
  );
}
