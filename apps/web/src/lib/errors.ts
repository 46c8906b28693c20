'use client';

import { isApiError } from './api';
import { type MessageKey, useT } from './i18n';
import { ptBR } from './i18n/pt-BR';

/** Turns any thrown error into a sentence for the user: our translation of its code, else the API's message. */
export function useErrorMessage(): (error: unknown) => string {
  const t = useT();
  return (error) => {
    if (!isApiError(error)) return t('errors.generic');
    const key = `errors.${error.code}`;
    if (key in ptBR) return t(key as MessageKey);
    return error.message || t('errors.generic');
  };
}
