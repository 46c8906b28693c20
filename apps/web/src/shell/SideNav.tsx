'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { Role } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import { Icon } from './icons';
import { canSee, NAV_ITEMS } from './nav';

export function SideNav({ role, onNavigate }: { role: Role; onNavigate?: () => void }) {
  const t = useT();
  const pathname = usePathname();
  return (
    <nav className="sidenav" aria-label={t('nav.main')}>
      <ul>
        {NAV_ITEMS.filter((item) => canSee(item, role)).map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                className="sidenav__link"
                aria-current={current ? 'page' : undefined}
                onClick={onNavigate}
              >
                <Icon name={item.icon} />
                <span>{t(item.label)}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
