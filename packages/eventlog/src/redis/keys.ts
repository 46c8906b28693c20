// The `{topic}` hash tag keeps a topic's stream and its dedup keys in one Redis Cluster slot, which the
// publish script needs (it touches both atomically).
export function streamKey(prefix: string, topic: string): string {
  return `${prefix}:events:{${topic}}`;
}

export function dedupKeyPrefix(prefix: string, topic: string): string {
  return `${prefix}:dedup:{${topic}}:`;
}

/** Milliseconds of a stream entry id (`<ms>-<seq>`): when Redis accepted the entry. */
export function entryTime(entryId: string): Date {
  return new Date(Number(entryId.slice(0, entryId.indexOf('-'))));
}

/** The last id before every entry accepted at or after `from`: a group set there reads from `from` on. */
export function lastIdBefore(from: Date): string {
  const ms = Math.floor(from.getTime());
  return ms <= 0 ? '0-0' : `${ms - 1}-18446744073709551615`;
}
