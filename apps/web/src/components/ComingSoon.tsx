'use client';

import { type MessageKey, useT } from '@/lib/i18n';
import { PageHeader } from './PageHeader';

/** Placeholder for a product area that a later release fills in. */
export function ComingSoon({ titleKey }: { titleKey: MessageKey }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t(titleKey)} />
      <section className="coming-soon">
        <svg aria-hidden="true" viewBox="0 0 64 64" width="56" height="56" className="coming-soon__art">
          <circle
            cx="32"
            cy="32"
            r="30"
            fill="none"
            stroke="currentColor"
            strokeWidth="3"
            strokeDasharray="6 6"
          />
          <path d="M32 16v17l11 7" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
        </svg>
        <h2>{t('common.comingSoon')}</h2>
        <p>{t('common.comingSoonText')}</p>
      </section>
    </>
  );
}
