'use client';

import { TextField } from '@/components';
import { useT } from '@/lib/i18n';

export interface PasswordPair {
  password: string;
  confirm: string;
}

/** New password + confirmation, with the policy as a hint and the mismatch shown inline. */
export function PasswordFields({
  value,
  onChange,
  label,
  serverError,
}: {
  value: PasswordPair;
  onChange: (value: PasswordPair) => void;
  label?: string;
  serverError?: string | null;
}) {
  const t = useT();
  const mismatch = value.confirm !== '' && value.password !== value.confirm;
  return (
    <>
      <TextField
        label={label ?? t('auth.password')}
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint={t('auth.passwordHint')}
        error={serverError}
        value={value.password}
        onChange={(event) => onChange({ ...value, password: event.target.value })}
      />
      <TextField
        label={t('auth.confirmPassword')}
        type="password"
        autoComplete="new-password"
        required
        error={mismatch ? t('auth.passwordsDiffer') : null}
        value={value.confirm}
        onChange={(event) => onChange({ ...value, confirm: event.target.value })}
      />
    </>
  );
}

export const passwordsMatch = (pair: PasswordPair) => pair.password !== '' && pair.password === pair.confirm;
