'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/**
 * The page's state in the address bar (bookmarkable, survives a reload): the current parameters and
 * a `replace` that edits a copy of them without adding history entries.
 */
export function useQueryState() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const text = searchParams.toString();
  const params = useMemo(() => new URLSearchParams(text), [text]);
  const replace = useCallback(
    (edit: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(text);
      edit(next);
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [text, router, pathname],
  );
  return { params, replace, key: text };
}
