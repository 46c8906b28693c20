'use client';

import { LOCALE_NAMES, LOCALES, useI18n } from '@/lib/i18n';

/** The language choice on the public pages, where there is no user menu. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('menu.language')}</legend>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={locale === option}
          onClick={() => setLocale(option)}
        >
          {LOCALE_NAMES[option]}
        </button>
      ))}
    </fieldset>
  );
}
