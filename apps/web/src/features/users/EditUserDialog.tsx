'use client';

import { useState } from 'react';
import { Alert, Dialog, SelectField, TextField } from '@/components';
import type { Role, User } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import { roleOptions } from './role-options';
import { updateUser } from './users.api';
import { useSubmit } from './useSubmit';

/** Changes a user's name and role (status has its own row actions). */
export function EditUserDialog({
  user,
  onClose,
  onSaved,
}: {
  user: User | null;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const t = useT();
  return (
    <Dialog
      open={user !== null}
      onClose={onClose}
      title={user ? t('users.editTitle', { name: user.name }) : ''}
    >
      {user && <EditUserForm user={user} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function EditUserForm({
  user,
  onClose,
  onSaved,
}: {
  user: User;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const t = useT();
  const { busy, error, run } = useSubmit();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const changes = {
      ...(name.trim() !== user.name && { name: name.trim() }),
      ...(role !== user.role && { role }),
    };
    if (Object.keys(changes).length === 0) return onClose();
    void run(async () => onSaved(await updateUser(user.id, changes)));
  };

  return (
    <form className="form" onSubmit={onSubmit}>
      {error && <Alert>{error}</Alert>}
      <TextField label={t('auth.email')} value={user.email} readOnly />
      <TextField
        label={t('auth.name')}
        required
        autoFocus
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <SelectField
        label={t('users.col.role')}
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
        options={roleOptions(t)}
      />
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
