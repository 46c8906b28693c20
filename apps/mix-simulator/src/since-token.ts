/** Since tokens are UTC creation-time cursors written `yyyyMMddHHmmssfff` (17 digits). */
export function formatSinceToken(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1) +
    pad(d.getUTCDate()) +
    pad(d.getUTCHours()) +
    pad(d.getUTCMinutes()) +
    pad(d.getUTCSeconds()) +
    pad(d.getUTCMilliseconds(), 3)
  );
}

/** Epoch milliseconds of a 17-digit token, or undefined when it is not a real UTC instant. */
export function parseSinceToken(token: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/.exec(token);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, milli] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  // Date.UTC rolls 20250231 over to March; a token that does not round-trip is malformed.
  return formatSinceToken(ms) === token ? ms : undefined;
}
