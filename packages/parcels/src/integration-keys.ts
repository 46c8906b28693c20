import { createHash, randomBytes } from 'node:crypto';
import { notFound, unauthorized } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

const hash = (key: string) => createHash('sha256').update(key).digest();

export interface IntegrationKey {
  id: string;
  name: string;
  /** The carrier (or source system) whose parcels the key may write. */
  carrier: string;
  keyPrefix: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

interface KeyRow {
  id: string;
  name: string;
  carrier: string;
  key_prefix: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}
const toKey = (r: KeyRow): IntegrationKey => ({
  id: r.id,
  name: r.name,
  carrier: r.carrier,
  keyPrefix: r.key_prefix,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** What a verified key may do: write the parcels of its carrier. */
export interface VerifiedKey {
  id: string;
  carrier: string;
}

// Verified keys are remembered briefly so a busy producer costs one hash, not one query, per batch.
const CACHE_MS = 30_000;

/**
 * API keys of the systems that push tracking events; only their sha256 is stored. Build one per
 * process (the api's composition root does), so a revocation clears the cache the ingest route reads.
 */
export class IntegrationKeys {
  private readonly cache = new Map<string, { key: VerifiedKey; until: number }>();
  constructor(private readonly sql: Sql) {}

  /** Creates a key; the returned `key` is shown once and never stored. */
  async create(
    name: string,
    carrier: string,
    createdBy: string | null,
  ): Promise<IntegrationKey & { key: string }> {
    const key = `pio_${randomBytes(24).toString('base64url')}`;
    const [row] = await this.sql<KeyRow[]>`
      INSERT INTO integration_keys (name, carrier, key_prefix, key_hash, created_by)
      VALUES (${name}, ${carrier}, ${key.slice(0, 8)}, ${hash(key)}, ${createdBy}) RETURNING *`;
    return { ...toKey(row), key };
  }

  async list(): Promise<IntegrationKey[]> {
    return (await this.sql<KeyRow[]>`SELECT * FROM integration_keys ORDER BY created_at DESC`).map(toKey);
  }

  async revoke(id: string): Promise<IntegrationKey> {
    const [row] = await this.sql<KeyRow[]>`
      UPDATE integration_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ${id} RETURNING *`;
    if (!row) throw notFound('Integration key');
    this.cache.clear();
    return toKey(row);
  }

  /** The id and carrier of a valid, unrevoked key, or a 401 that says how to authenticate. */
  async verify(key: string | undefined): Promise<VerifiedKey> {
    const refuse = () =>
      unauthorized(
        'invalid_api_key',
        'Send a valid integration key as "X-Api-Key: pio_…" (an admin creates one with POST /api/integration-keys).',
      );
    if (!key?.startsWith('pio_') || key.length > 200) throw refuse();
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.key;
    const [row] = await this.sql<VerifiedKey[]>`
      SELECT id, carrier FROM integration_keys WHERE key_hash = ${hash(key)} AND revoked_at IS NULL`;
    if (!row) throw refuse();
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, { key: { id: row.id, carrier: row.carrier }, until: Date.now() + CACHE_MS });
    return { id: row.id, carrier: row.carrier };
  }
}
