'use client';

import { useState } from 'react';
import { Alert, Dialog, SelectField, TextField } from '@/components';
import type { Role, User } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import { roleOptions } from './role-options';
import { createUser } from './users.api';
import { useSubmit } from './useSubmit';

/** Creates an active account with a password the admin hands over (see also: invitations). */
export function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t('users.createTitle')}>
      <CreateUserForm onClose={onClose} onCreated={onCreated} />
    </Dialog>
  );
}

function CreateUserForm({ onClose, onCreated }: { onClose: () => void; onCreated: (user: User) => void }) {
  const t = useT();
  const { busy, error, passwordError, run } = useSubmit();
  const [form, setForm] = useState({ name: '', email: '', role: 'viewer' as Role, password: '' });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const user = await createUser({ ...form, name: form.name.trim(), email: form.email.trim() });
      onCreated(user);
    });
  };

  return (
    <form className="form" onSubmit={onSubmit}>
      {error && <Alert>{error}</Alert>}
      <TextField
        label={t('auth.name')}
        required
        autoFocus
        value={form.name}
        onChange={(event) => setForm({ ...form, name: event.target.value })}
      />
      <TextField
        label={t('auth.email')}
        type="email"
        required
        autoComplete="off"
        value={form.email}
        onChange={(event) => setForm({ ...form, email: event.target.value })}
      />
      <SelectField
        label={t('users.col.role')}
        value={form.role}
        onChange={(event) => setForm({ ...form, role: event.target.value as Role })}
        options={roleOptions(t)}
      />
      <TextField
        label={t('auth.password')}
        type="password"
        required
        minLength={10}
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
        error={passwordError}
        value={form.password}
        onChange={(event) => setForm({ ...form, password: event.target.value })}
      />
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('common.saving') : t('users.create')}
        </button>
      </div>
    </form>
  );
}
