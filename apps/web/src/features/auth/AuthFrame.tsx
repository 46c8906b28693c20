'use client';

import { useT } from '@/lib/i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of the public pages (login, registration): brand on one side, the form's card on the other. */
export function AuthFrame({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: string;
  children: React.ReactNode;
}) {
  const t = useT();
  return (
    <div className="auth">
      <aside className="auth__brand" aria-hidden="true">
        <div className="brand brand--large">
          <span className="brand__mark" />
          {t('app.name')}
        </div>
        <p className="auth__tagline">{t('app.tagline')}</p>
        <svg className="auth__art" viewBox="0 0 400 220" aria-hidden="true">
          <path d="M10 190 C 90 120, 150 200, 220 120 S 340 60, 390 30" />
          <circle cx="10" cy="190" r="6" />
          <circle cx="220" cy="120" r="6" />
          <circle cx="390" cy="30" r="9" />
        </svg>
      </aside>
      <main className="auth__main">
        <div className="auth__card">
          <h1>{title}</h1>
          {subtitle && <p className="auth__subtitle">{subtitle}</p>}
          {children}
        </div>
        <LanguageSwitch />
      </main>
    </div>
  );
}
