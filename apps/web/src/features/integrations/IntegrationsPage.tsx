'use client';

import { Alert, PageHeader, Spinner } from '@/components';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { usePoll } from '@/lib/hooks/usePoll';
import { useT } from '@/lib/i18n';
import { useClock } from '@/lib/time';
import { BudgetPanel } from './BudgetPanel';
import { CredentialsForm } from './CredentialsForm';
import { type EtlJobStatus, listJobs } from './integrations.api';
import { JobCard } from './JobCard';
import { RunsHistory } from './RunsHistory';
import '@/styles/fleet.css';
import './integrations.css';

const RUNNING_POLL_MS = 2_000;
const IDLE_POLL_MS = 15_000;

/** "Integrações": the MiX jobs at a glance, their run history and (for admins) the MiX credentials. */
export function IntegrationsPage() {
  const t = useT();
  const { user } = useAuth();
  const errorMessage = useErrorMessage();
  const jobs = usePoll('jobs', listJobs, (items: EtlJobStatus[] | null) =>
    items?.some((job) => job.running || job.queued > 0) ? RUNNING_POLL_MS : IDLE_POLL_MS,
  );
  const now = useClock(1000);
  const role = user?.role;
  const items = jobs.data ?? [];
  // The history reloads when a run starts, advances or ends.
  const version = items.map((job) => `${job.running?.id}:${job.running?.pages}:${job.lastRun?.id}`).join('|');
  const unconfigured = jobs.data !== null && items.every((job) => !job.configured);

  return (
    <>
      <PageHeader title={t('integrations.title')} subtitle={t('integrations.subtitle')} />
      {jobs.error !== null && <Alert>{errorMessage(jobs.error)}</Alert>}
      {unconfigured && (
        <Alert tone="info">
          {t(role === 'admin' ? 'integrations.emptyAdmin' : 'integrations.emptyOthers')}
        </Alert>
      )}
      {jobs.data === null && jobs.error === null && <Spinner label={t('common.loading')} />}
      <div className="job-grid">
        {items.map((status) => (
          <JobCard
            key={status.job}
            status={status}
            now={now}
            canRun={role === 'admin' || role === 'manager'}
            canPause={role === 'admin'}
            onChanged={jobs.reload}
          />
        ))}
      </div>
      {jobs.data && !unconfigured && <BudgetPanel />}
      {jobs.data && <RunsHistory version={version} jobs={items.map((job) => job.job)} />}
      {role === 'admin' && <CredentialsForm onSaved={jobs.reload} />}
    </>
  );
}
