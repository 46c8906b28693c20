import { HOME_PATH } from '@/shell/nav';

/** Where to go after signing in: only a path of this site, so a crafted link cannot send users elsewhere. */
export function safeNext(next: string | undefined | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return HOME_PATH;
  if (next.startsWith('/login') || next.startsWith('/register') || next.startsWith('/signup'))
    return HOME_PATH;
  return next;
}
