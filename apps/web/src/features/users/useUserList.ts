'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { User } from '@/lib/auth';
import { listUsers, type Page, type UserListQuery } from './users.api';
import { parseUserQuery, serializeUserQuery } from './users-query';

export interface UserList {
  query: UserListQuery;
  /** Changes filters/sort/page; any change other than the page goes back to page 1. */
  update: (changes: Partial<UserListQuery>) => void;
  page: Page<User> | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/** The users list, driven by the address bar's query string. */
export function useUserList(): UserList {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => parseUserQuery(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [page, setPage] = useState<Page<User> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  const key = serializeUserQuery(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `query`; `version` forces a reload.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listUsers(query, controller.signal)
      .then((result) => {
        setPage(result);
        setError(null);
        // Past the last page (e.g. after deactivating its only row under a status filter): step back.
        if (result.items.length === 0 && result.total > 0 && query.page > 1) {
          router.replace(`${pathname}?${serializeUserQuery({ ...query, page: 1 })}`, { scroll: false });
        }
      })
      .catch((caught) => {
        if (!controller.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [key, version]);

  const update = useCallback(
    (changes: Partial<UserListQuery>) => {
      const next = { ...query, ...changes };
      if (!('page' in changes)) next.page = 1;
      const text = serializeUserQuery(next);
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [query, router, pathname],
  );

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { query, update, page, loading, error, reload };
}
