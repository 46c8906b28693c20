export { I18nProvider, type Translate, useI18n, useT } from './I18nProvider';
export { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALE_NAMES, LOCALES, type Locale, toLocale } from './locales';
export type { MessageKey } from './pt-BR';
