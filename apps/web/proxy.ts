import { type NextRequest, NextResponse } from 'next/server';
import { securityHeaders } from './src/lib/security-headers';

// Read on every request (not at build time, unlike next.config rewrites) so one build
// can be pointed at any API: `PIONEIRA_API_URL=http://host:port next start`.
const apiUrl = (process.env.PIONEIRA_API_URL ?? 'http://127.0.0.1:3001').replace(/\/+$/, '');
const pageHeaders = securityHeaders({
  tilesUrl: process.env.PIONEIRA_MAP_TILES_URL?.trim(),
  development: process.env.NODE_ENV === 'development',
});

/**
 * Proxies /api/* to the API so the browser only talks to the web origin (first-party cookies),
 * and gives every page its security headers (CSP with the configured tile server, no framing).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === '/api' || pathname.startsWith('/api/'))
    return NextResponse.rewrite(new URL(`${apiUrl}${pathname}${search}`));
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(pageHeaders)) response.headers.set(name, value);
  return response;
}

// Everything but Next's own static files (immutable, same origin, no document to protect).
export const config = { matcher: ['/api/:path*', '/((?!_next/static|_next/image|favicon.ico).*)'] };
