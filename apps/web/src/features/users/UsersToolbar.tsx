'use client';

import { useEffect, useState } from 'react';
import { SelectField, TextField } from '@/components';
import { ROLES, type Role, USER_STATUSES, type UserStatus } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import type { UserListQuery } from './users.api';

const SEARCH_DELAY_MS = 300;

/** Search (debounced while typing) and the role/status filters. */
export function UsersToolbar({
  query,
  update,
}: {
  query: UserListQuery;
  update: (changes: Partial<UserListQuery>) => void;
}) {
  const t = useT();
  const [search, setSearch] = useState(query.search ?? '');

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text should trigger a search.
  useEffect(() => {
    if (search.trim() === (query.search ?? '')) return;
    const timer = setTimeout(() => update({ search: search.trim() || undefined }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const all = { value: '', label: t('common.all') };
  return (
    <search className="toolbar">
      <TextField
        className="toolbar__search"
        label={t('common.search')}
        type="search"
        placeholder={t('users.searchPlaceholder')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <SelectField
        label={t('users.filterRole')}
        value={query.role ?? ''}
        onChange={(event) => update({ role: (event.target.value || undefined) as Role | undefined })}
        options={[all, ...ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))]}
      />
      <SelectField
        label={t('users.filterStatus')}
        value={query.status ?? ''}
        onChange={(event) => update({ status: (event.target.value || undefined) as UserStatus | undefined })}
        options={[all, ...USER_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))]}
      />
    </search>
  );
}
