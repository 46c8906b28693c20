'use client';

import { useT } from '@/lib/i18n';

/** The score as a number and a bar relative to the highest score shown. */
export function ScoreBar({ score, max }: { score: number; max: number }) {
  const t = useT();
  const label = t('ranking.scoreTitle', { score });
  return (
    <span className="score">
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={label}>
        <title>{label}</title>
        <rect x="0" y="0" width="100" height="10" rx="2" className="bar-list__track" />
        <rect
          x="0"
          y="0"
          width={max > 0 ? (score / max) * 100 : 0}
          height="10"
          rx="2"
          className="severity-fill--grave"
        />
      </svg>
      <strong>{score}</strong>
    </span>
  );
}
