'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Spinner, Toaster } from '@/components';
import { NotificationBell } from '@/features/notifications/NotificationBell';
import { useAuth } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import { Icon } from './icons';
import { HOME_PATH } from './nav';
import { SideNav } from './SideNav';
import { UserMenu } from './UserMenu';

/** The signed-in frame: top bar, side navigation and the page. Anonymous visitors are sent to the login page. */
export function AppShell({ children }: { children: React.ReactNode }) {
  const t = useT();
  const { status, user, endedBecause } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  const [navOpen, setNavOpen] = useState(false);

  useEffect(() => {
    if (status !== 'anonymous') return;
    const params = new URLSearchParams({ next: pathname });
    if (endedBecause) params.set('reason', endedBecause);
    router.replace(`/login?${params}`);
  }, [status, endedBecause, pathname, router]);

  if (status !== 'authenticated' || !user) {
    return (
      <div className="page-loading">
        <Spinner label={t('common.loading')} />
      </div>
    );
  }

  return (
    <Toaster>
      <a href="#main" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <div className={`shell ${navOpen ? 'shell--nav-open' : ''}`}>
        <header className="topbar">
          <button
            type="button"
            className="icon-button topbar__menu"
            aria-label={t(navOpen ? 'nav.closeMenu' : 'nav.openMenu')}
            aria-expanded={navOpen}
            onClick={() => setNavOpen((value) => !value)}
          >
            <Icon name="menu" />
          </button>
          <Link href={HOME_PATH} className="brand">
            <span className="brand__mark" aria-hidden="true" />
            {t('app.name')}
          </Link>
          <div className="topbar__spacer" />
          <NotificationBell />
          <UserMenu user={user} />
        </header>
        <aside className="shell__aside">
          <SideNav role={user.role} onNavigate={() => setNavOpen(false)} />
        </aside>
        <main id="main" className="shell__main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </Toaster>
  );
}
