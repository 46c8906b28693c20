'use client';

import { useState } from 'react';
import { Badge, Card, useToast } from '@/components';
import { ProgressBar } from '@/components/ProgressBar';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { type MessageKey, useT } from '@/lib/i18n';
import { formatDuration, useRelativeTime } from '@/lib/time';
import { cancelRecovery, type EtlJobStatus, recoverFrom, runNow, setPaused } from './integrations.api';
import { runProgress } from './progress';

/** Names of the jobs the console knows; a job it does not know reads as master data. */
const JOB_LABELS: Record<string, { name: MessageKey; about: MessageKey }> = {
  'mix.events': { name: 'integrations.job.events', about: 'integrations.job.eventsAbout' },
  'mix.positions': { name: 'integrations.job.positions', about: 'integrations.job.positionsAbout' },
  'mix.trips': { name: 'integrations.job.trips', about: 'integrations.job.tripsAbout' },
  'mix.sync': { name: 'integrations.job.sync', about: 'integrations.job.syncAbout' },
};

type Tone = 'neutral' | 'good' | 'warning' | 'bad' | 'info';

function jobState(status: EtlJobStatus): { key: MessageKey; tone: Tone } {
  if (!status.configured) return { key: 'integrations.state.notConfigured', tone: 'neutral' };
  if (status.running) return { key: 'integrations.state.running', tone: 'info' };
  if (status.paused) return { key: 'integrations.state.paused', tone: 'warning' };
  if (status.lastError) return { key: 'integrations.state.failing', tone: 'bad' };
  if (status.lastSuccessAt) return { key: 'integrations.state.ok', tone: 'good' };
  return { key: 'integrations.state.neverRan', tone: 'neutral' };
}

/** One MiX job: its state, freshness, backlog, a live progress bar while it pages, and its actions. */
export function JobCard({
  status,
  now,
  canRun,
  canPause,
  onChanged,
}: {
  status: EtlJobStatus;
  now: number;
  canRun: boolean;
  canPause: boolean;
  onChanged: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const ago = useRelativeTime();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const state = jobState(status);
  const run = status.running;
  const labels = JOB_LABELS[status.job] ?? JOB_LABELS['mix.sync'];
  // Streams have a recovery window; the API says which jobs are streams.
  const isStream = status.recoverableFrom !== null;
  const [recoverAt, setRecoverAt] = useState('');
  const recovery = status.recovery;

  const act = async (action: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    try {
      await action();
      notify(t(done), 'success');
      onChanged();
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    } finally {
      setBusy(false);
    }
  };

  const backlog = status.backlog;
  const backlogText = !backlog.hasMore
    ? t('integrations.backlog.none')
    : backlog.estimatedEvents === null
      ? t('integrations.backlog.unknown')
      : t('integrations.backlog.estimate', { count: format.number(backlog.estimatedEvents) });

  return (
    <Card
      className="job-card"
      title={
        <span className="job-card__title">
          {t(labels.name)}
          <code>{status.job}</code>
        </span>
      }
      actions={<Badge tone={state.tone}>{t(state.key)}</Badge>}
    >
      <p className="job-card__about">{t(labels.about)}</p>
      <dl className="job-facts">
        <div>
          <dt>{t('integrations.lastSuccess')}</dt>
          <dd title={format.dateTime(status.lastSuccessAt)}>
            {status.lastSuccessAt ? ago(status.lastSuccessAt, now) : t('common.never')}
          </dd>
        </div>
        <div>
          <dt>{t(isStream ? 'integrations.lag' : 'integrations.age')}</dt>
          <dd>{status.lagSeconds === null ? '—' : formatDuration(status.lagSeconds * 1000)}</dd>
        </div>
        {isStream && (
          <div>
            <dt>{t('integrations.backlog')}</dt>
            <dd>{backlogText}</dd>
          </div>
        )}
        {isStream && (
          <div>
            <dt>{t('integrations.newestItem')}</dt>
            <dd title={format.dateTime(status.newestItemAt)}>
              {status.newestItemAt ? ago(status.newestItemAt, now) : '—'}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('integrations.queued')}</dt>
          <dd>{format.number(status.queued)}</dd>
        </div>
      </dl>
      {run && (
        <ProgressBar
          label={t('integrations.progress.label')}
          value={runProgress(run, now)}
          detail={t('integrations.progress.detail', {
            pages: format.number(run.pages),
            inserted: format.number(run.inserted),
            elapsed: formatDuration(now - new Date(run.startedAt).getTime()),
          })}
        />
      )}
      {recovery?.active && (
        <ProgressBar
          label={t('integrations.recover.label')}
          value={recoveryProgress(recovery)}
          detail={
            recovery.estimatedSecondsLeft === null
              ? t('integrations.recover.detailUnknown', {
                  pages: format.number(recovery.pages),
                  items: format.number(recovery.items),
                })
              : t('integrations.recover.detail', {
                  pages: format.number(recovery.pages),
                  items: format.number(recovery.items),
                  left: formatDuration(recovery.estimatedSecondsLeft * 1000),
                })
          }
        />
      )}
      {recovery?.active && canRun && (
        <button
          type="button"
          className="btn btn--ghost btn--small"
          disabled={busy}
          onClick={() => act(() => cancelRecovery(status.job), 'integrations.recover.cancelled')}
        >
          {t('integrations.recover.cancel')}
        </button>
      )}
      {recovery && !recovery.active && (
        <p className="job-card__about">
          {t('integrations.recover.done', {
            from: format.dateTime(recovery.from),
            pages: format.number(recovery.pages),
            items: format.number(recovery.items),
          })}
        </p>
      )}
      {status.lastError && (
        <p className="job-card__error" role="note">
          <strong>{t('integrations.lastError', { when: ago(status.lastError.at, now) })}</strong>{' '}
          {status.lastError.message}
        </p>
      )}
      {(canRun || canPause) && (
        <div className="job-card__actions">
          {canRun && (
            <button
              type="button"
              className="btn btn--primary btn--small"
              disabled={busy || status.paused || !status.configured || run !== null}
              onClick={() => act(() => runNow(status.job), 'integrations.runQueued')}
            >
              {t('integrations.runNow')}
            </button>
          )}
          {canRun && isStream && status.recoverableFrom && (
            <form
              className="job-card__recover"
              onSubmit={(e) => {
                e.preventDefault();
                if (!recoverAt) return;
                // The input is in the browser's time zone; the API takes a UTC instant.
                act(
                  () => recoverFrom(status.job, new Date(recoverAt).toISOString()),
                  'integrations.recover.queued',
                );
              }}
            >
              <label>
                {t('integrations.recover.from')}
                <input
                  type="datetime-local"
                  value={recoverAt}
                  min={localInput(status.recoverableFrom)}
                  max={localInput(new Date(now))}
                  onChange={(e) => setRecoverAt(e.target.value)}
                  required
                />
              </label>
              <button
                type="submit"
                className="btn btn--ghost btn--small"
                disabled={busy || status.paused || !status.configured || !recoverAt}
              >
                {t('integrations.recover.submit')}
              </button>
              <small>
                {t('integrations.recover.hint', { oldest: format.dateTime(status.recoverableFrom) })}
              </small>
            </form>
          )}
          {canPause && (
            <button
              type="button"
              className="btn btn--ghost btn--small"
              disabled={busy}
              onClick={() =>
                act(
                  () => setPaused(status.job, !status.paused),
                  status.paused ? 'integrations.resumed' : 'integrations.pausedDone',
                )
              }
            >
              {t(status.paused ? 'integrations.resume' : 'integrations.pause')}
            </button>
          )}
        </div>
      )}
    </Card>
  );
}

/** Percent of the recovery window covered, from MiX creation times (from → position → until). */
function recoveryProgress(r: NonNullable<EtlJobStatus['recovery']>): number | null {
  if (!r.position || !r.until) return null;
  const from = new Date(r.from).getTime();
  const span = new Date(r.until).getTime() - from;
  return span > 0 ? Math.min(100, Math.max(0, ((new Date(r.position).getTime() - from) / span) * 100)) : null;
}

/** A `datetime-local` value (browser time zone, minutes) for an instant. */
function localInput(at: Date | string): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
