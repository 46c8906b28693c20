/**
 * The security headers of every page. The Content-Security-Policy is built at run time because the
 * map's tile server is configured at run time (PIONEIRA_MAP_TILES_URL): its origin, and only it,
 * is added to the image and connection sources. Next's bootstrap scripts are inline, hence
 * 'unsafe-inline' for scripts; the development server also needs eval for fast refresh.
 */
export function securityHeaders(options: {
  tilesUrl?: string | null;
  development?: boolean;
}): Record<string, string> {
  const tiles = mapOrigin(options.tilesUrl);
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${options.development ? " 'unsafe-eval'" : ''}`,
    // MapLibre positions its markers and controls with inline styles.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    `connect-src 'self'${tiles ? ` ${tiles}` : ''}${options.development ? ' ws:' : ''}`,
    // MapLibre and the PDF export start workers from blobs.
    "worker-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), payment=(), usb=()',
  };
}

/** Where the default base map (OpenFreeMap's public style, see features/map/base-map) is served from. */
export const DEFAULT_MAP_ORIGIN = 'https://tiles.openfreemap.org';

/**
 * The origin the map loads its base map from, read like features/map/base-map reads the setting:
 * unset → the default public style's server; `offline` → none; `pmtiles://…` → the archive's server;
 * a relative URL (an archive on the web origin) → none beyond 'self'.
 */
function mapOrigin(setting: string | null | undefined): string | null {
  const url = setting?.trim() ?? '';
  if (url === '') return DEFAULT_MAP_ORIGIN;
  if (url === 'offline' || url === 'none') return null;
  return originOf(url.replace(/^pmtiles:\/\//, ''));
}

/** The origin of a tile URL template ({z}/{x}/{y} placeholders allowed), or null. */
function originOf(template: string | null | undefined): string | null {
  if (!template) return null;
  try {
    const origin = new URL(template.replace(/\{[a-z]\}/gi, '0')).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
