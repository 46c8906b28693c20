'use client';

import { useState } from 'react';
import { isApiError } from '@/lib/api';
import { useErrorMessage } from '@/lib/errors';

/** Runs a dialog's submit: busy flag, and the error split into the password field's and the form's. */
export function useSubmit() {
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setPasswordError(null);
    try {
      await action();
    } catch (caught) {
      if (isApiError(caught, 'weak_password')) setPasswordError(errorMessage(caught));
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, passwordError, run };
}
