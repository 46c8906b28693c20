// The refresh token rotates and the API treats a reused one as theft (the whole family is revoked).
// Two tabs refreshing at once would send the same cookie twice, so refreshes are serialized across
// tabs with the Web Locks API where the browser has it.
const LOCK_NAME = 'pioneira-auth-refresh';

export function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return task();
  return locks.request(LOCK_NAME, task) as Promise<T>;
}
