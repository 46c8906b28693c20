import { decodeWire, LATEST_GROUP } from '@pioneira/gps';
import { TOPICS } from '@pioneira/pipeline';
import type { Cluster } from './cluster';
import { until } from './processes';

/** What a run left behind, in terms that do not depend on the database (identifiers, not ids). */
export interface Outcome {
  stored: number;
  /** md5 of every stored position, ordered: equal digests mean identical rows. */
  digest: string;
  /** Per device identifier: its latest position in Redis (`<fix ms>|lat|lon|speed|course`). */
  latest: Record<string, string>;
  /** Per device identifier: its newest stored fix, in the same shape. */
  newest: Record<string, string>;
}

const shape = (p: {
  fixedAt: string;
  latitude: number;
  longitude: number;
  speedKmh: unknown;
  course: unknown;
}) => `${Date.parse(p.fixedAt)}|${p.latitude}|${p.longitude}|${p.speedKmh}|${p.course}`;

export async function outcome(cluster: Cluster): Promise<Outcome> {
  const { sql } = cluster.db;
  const [{ stored, digest }] = await sql<{ stored: number; digest: string }[]>`
    SELECT count(*)::int AS stored,
           md5(string_agg(concat_ws(',', d.identifier, (extract(epoch FROM p.fixed_at) * 1000)::bigint,
                          p.lat_e7, p.lon_e7, p.speed_kmh, p.course), ';'
                          ORDER BY d.identifier, p.fixed_at)) AS digest
    FROM positions p JOIN devices d ON d.num = p.device_num`;
  const newestRows = await sql<
    {
      id: string;
      identifier: string;
      t: Date;
      lat: number;
      lon: number;
      speed: number | null;
      course: number | null;
    }[]
  >`
    SELECT DISTINCT ON (d.id) d.id, d.identifier, p.fixed_at AS t, p.lat_e7 / 1e7 AS lat, p.lon_e7 / 1e7 AS lon,
           p.speed_kmh AS speed, p.course
    FROM devices d JOIN positions p ON p.device_num = d.num ORDER BY d.id, p.fixed_at DESC`;
  const values = newestRows.length
    ? await cluster.redis.mget(newestRows.map((r) => `${cluster.prefix}:gps:latest:${r.id}`))
    : [];
  const latest: Record<string, string> = {};
  const newest: Record<string, string> = {};
  newestRows.forEach((row, i) => {
    newest[row.identifier] = shape({
      fixedAt: row.t.toISOString(),
      latitude: Number(row.lat),
      longitude: Number(row.lon),
      speedKmh: row.speed === null ? null : Number(row.speed),
      course: row.course,
    });
    const value = values[i];
    latest[row.identifier] = value ? shape(JSON.parse(value.slice(value.indexOf('|') + 1))) : 'missing';
  });
  return { stored, digest, latest, newest };
}

/** Waits until the outbox is empty, the consumers' group has no lag and every latest position is right. */
export async function settle(cluster: Cluster, ms = 150_000): Promise<Outcome> {
  let last: unknown;
  return until(
    'the pipeline to settle (outbox empty, consumer lag 0, latest = newest)',
    async () => {
      const [{ outbox }] = await cluster.db.sql<
        { outbox: number }[]
      >`SELECT count(*)::int AS outbox FROM outbox`;
      const lag = await cluster.log.lag(LATEST_GROUP, TOPICS.positions);
      const result = await outcome(cluster);
      const wrong = Object.keys(result.newest).filter((id) => result.latest[id] !== result.newest[id]);
      last = { outbox, lag, wrong: wrong.length };
      return outbox === 0 && lag.total === 0 && wrong.length === 0 ? result : undefined;
    },
    ms,
  ).catch((error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
  });
}

/**
 * Reads the whole `positions` topic in a group of its own and returns every `<device num>:<fix ms>` it
 * carried: proof that each stored position went through the event log, whoever relayed it.
 */
export async function audit(cluster: Cluster, expected: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const subscription = await cluster.log.subscribe({
    group: 'scale-audit',
    topics: [TOPICS.positions],
    batchSize: 500,
    handler: async (batch) => {
      for (const message of batch)
        for (const fix of decodeWire(message.value)) seen.add(`${fix.deviceNum}:${fix.t}`);
    },
  });
  try {
    await until(
      `the audit group to read ${expected} positions`,
      async () => seen.size >= expected,
      60_000,
    ).catch(() => {});
  } finally {
    await subscription.stop();
  }
  return seen;
}

/** `<device num>:<fix ms>` of every stored position. */
export async function storedKeys(cluster: Cluster): Promise<Set<string>> {
  const rows = await cluster.db.sql<{ key: string }[]>`
    SELECT device_num || ':' || (extract(epoch FROM fixed_at) * 1000)::bigint AS key FROM positions`;
  return new Set(rows.map((r) => r.key));
}
