'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Alert, PageHeader, Pagination } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useQueryState } from '@/lib/hooks/useQueryState';
import { useT } from '@/lib/i18n';
import { DriverSearch } from './DriverSearch';
import { useDebounced, useDriverSearch } from './useDriverSearch';
import '@/styles/fleet.css';

const PAGE_SIZE = 20;
const TYPING_PAUSE_MS = 250;

/** "Motoristas": search as you type; the address keeps the search and the page (`?q=joao&page=2`). */
export function DriversPage() {
  const t = useT();
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const { params, replace } = useQueryState();
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(search);
  const typed = useDebounced(text.trim(), TYPING_PAUSE_MS);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a typing pause should rewrite the address.
  useEffect(() => {
    if (typed === search) return;
    replace((next) => {
      if (typed) next.set('q', typed);
      else next.delete('q');
      next.delete('page');
    });
  }, [typed]);

  const { data: result, loading, error } = useDriverSearch(search, page, PAGE_SIZE);
  const drivers = result?.items ?? [];
  const total = result?.total ?? 0;

  return (
    <>
      <PageHeader title={t('drivers.title')} subtitle={t('drivers.subtitle')} />
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      <DriverSearch
        value={text}
        onValueChange={setText}
        drivers={drivers}
        loading={loading}
        onPick={(driver) => router.push(`/drivers/${driver.id}`)}
        autoFocus
      >
        {result && !loading && total === 0 && (
          <p className="driver-search__empty">
            {search ? t('drivers.emptySearch', { search }) : t('drivers.empty')}
          </p>
        )}
        {total > 0 && (
          <div className="driver-search__footer">
            <span className="cell-muted" aria-live="polite">
              {total === 1 ? t('drivers.countOne') : t('drivers.count', { total })}
            </span>
            {total > PAGE_SIZE && (
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={total}
                onPageChange={(next) => replace((q) => q.set('page', String(next)))}
              />
            )}
          </div>
        )}
      </DriverSearch>
    </>
  );
}
