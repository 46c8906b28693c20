'use client';

import { useState } from 'react';
import { Badge, Card, useToast } from '@/components';
import { ProgressBar } from '@/components/ProgressBar';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { type MessageKey, useT } from '@/lib/i18n';
import { formatDuration, useRelativeTime } from '@/lib/time';
import { type EtlJobStatus, runNow, setPaused } from './integrations.api';
import { runProgress } from './progress';

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
  const isEvents = status.job === 'mix.events';

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
          {t(isEvents ? 'integrations.job.events' : 'integrations.job.sync')}
          <code>{status.job}</code>
        </span>
      }
      actions={<Badge tone={state.tone}>{t(state.key)}</Badge>}
    >
      <p className="job-card__about">
        {t(isEvents ? 'integrations.job.eventsAbout' : 'integrations.job.syncAbout')}
      </p>
      <dl className="job-facts">
        <div>
          <dt>{t('integrations.lastSuccess')}</dt>
          <dd title={format.dateTime(status.lastSuccessAt)}>
            {status.lastSuccessAt ? ago(status.lastSuccessAt, now) : t('common.never')}
          </dd>
        </div>
        <div>
          <dt>{t(isEvents ? 'integrations.lag' : 'integrations.age')}</dt>
          <dd>{status.lagSeconds === null ? '—' : formatDuration(status.lagSeconds * 1000)}</dd>
        </div>
        {isEvents && (
          <div>
            <dt>{t('integrations.backlog')}</dt>
            <dd>{backlogText}</dd>
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
