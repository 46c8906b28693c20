'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { updateProfile } from '@/features/profile/profile.api';
import { type User, useAuth } from '@/lib/auth';
import { LOCALE_NAMES, LOCALES, type Locale, useI18n } from '@/lib/i18n';
import { Icon } from './icons';
import { useDisclosure } from './useDisclosure';

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');

/** The top bar's account menu: profile, language and sign-out. A disclosure, closed by Escape or a click outside. */
export function UserMenu({ user }: { user: User }) {
  const { t, locale, setLocale } = useI18n();
  const { logout, updateUser } = useAuth();
  const router = useRouter();
  const { open, setOpen, rootRef, buttonRef } = useDisclosure();
  const panelId = useId();

  const chooseLocale = (next: Locale) => {
    setLocale(next);
    // Saved in the profile too, so the choice follows the user; the cookie already applies it here.
    updateProfile({ locale: next }).then(updateUser, () => undefined);
  };

  const signOut = async () => {
    setOpen(false);
    await logout();
    router.replace('/login');
  };

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`${t('menu.user')}: ${user.name}`}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-menu__name">{user.name}</span>
        <Icon name="chevron" size={16} />
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <div className="user-menu__who">
          <strong>{user.name}</strong>
          <span>{user.email}</span>
          <span className="user-menu__role">{t(`role.${user.role}`)}</span>
        </div>
        <Link href="/profile" className="user-menu__item" onClick={() => setOpen(false)}>
          {t('menu.profile')}
        </Link>
        <fieldset className="user-menu__group">
          <legend>{t('menu.language')}</legend>
          {LOCALES.map((option) => (
            <button
              key={option}
              type="button"
              className="user-menu__item"
              aria-pressed={locale === option}
              lang={option}
              onClick={() => chooseLocale(option)}
            >
              <span className="user-menu__check" aria-hidden="true">
                {locale === option ? '✓' : ''}
              </span>
              {LOCALE_NAMES[option]}
            </button>
          ))}
        </fieldset>
        <button type="button" className="user-menu__item user-menu__logout" onClick={signOut}>
          {t('menu.logout')}
        </button>
      </div>
    </div>
  );
}
