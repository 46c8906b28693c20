import { sinceTokenMs } from '@/lib/time';
import type { EtlRun } from './integrations.api';

/**
 * How far a paging run has caught up, 0–100: MiX creation time covered since the run started over the
 * time it had to cover (up to now). Null when the run has no since token (mix.sync): no honest percent.
 */
export function runProgress(run: EtlRun, now = Date.now()): number | null {
  const start = sinceTokenMs(run.sinceTokenStart);
  const reached = sinceTokenMs(run.sinceTokenEnd);
  if (start === undefined || reached === undefined || now <= start) return null;
  return Math.max(0, Math.min(100, ((reached - start) / (now - start)) * 100));
}
