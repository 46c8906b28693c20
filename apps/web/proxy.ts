import { type NextRequest, NextResponse } from 'next/server';

// Read on every request (not at build time, unlike next.config rewrites) so one build
// can be pointed at any API: `PIONEIRA_API_URL=http://host:port next start`.
const apiUrl = (process.env.PIONEIRA_API_URL ?? 'http://127.0.0.1:3001').replace(/\/+$/, '');

/** Proxies /api/* to the API so the browser only talks to the web origin (first-party cookies). */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  return NextResponse.rewrite(new URL(`${apiUrl}${pathname}${search}`));
}

export const config = { matcher: '/api/:path*' };
