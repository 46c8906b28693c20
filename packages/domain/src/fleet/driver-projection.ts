import type { Sql } from '@pioneira/db';
import { DriverIndex, type IndexedDriver } from './driver-index';

/** NOTIFY channel of migration 101: 'version:ids' or 'version:*' after every change to drivers. */
const DRIVERS_CHANNEL = 'pioneira_drivers';
// Sorting like the SQL needs a collation that orders by code point; any other keeps the SQL search.
const CODE_POINT_COLLATIONS = /^(C|POSIX|C\.UTF-?8)$/i;

interface Row {
  id: string;
  search_name: string;
  employee_number: string | null;
  is_system: boolean;
  words: string[];
}

const toIndexed = (r: Row): IndexedDriver => ({
  id: r.id,
  searchName: r.search_name,
  words: r.words,
  employeeNumber: r.employee_number,
  isSystem: r.is_system,
});

/**
 * Keeps a DriverIndex equal to the drivers table at a known `version` (driver_search_version): loaded
 * whole at start and on every (re)connection of the LISTEN, then moved one notice at a time, in commit
 * order. A notice that skips a version, or names too many drivers, reloads everything. Until loaded,
 * or while behind, `version` is not the database's and the search uses SQL.
 */
export class DriverProjection {
  readonly index = new DriverIndex();
  /** The database version the index reflects; undefined while it reflects none. */
  version: bigint | undefined;
  private chain: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly onError: (error: unknown) => void = console.error,
  ) {}

  /** Starts listening; the first load runs in the background (searches use SQL meanwhile). */
  async start(): Promise<void> {
    const [{ collation }] = await this.sql<{ collation: string }[]>`
      SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()`;
    if (!CODE_POINT_COLLATIONS.test(collation)) return;
    const { unlisten } = await this.sql.listen(
      DRIVERS_CHANNEL,
      (payload) => this.enqueue(() => this.apply(payload)),
      () => this.enqueue(() => this.reloadAll()),
    );
    this.unlisten = unlisten;
  }

  async stop(): Promise<void> {
    this.version = undefined;
    await this.unlisten?.().catch(() => {});
    await this.chain;
  }

  /** Resolves when every change noticed so far is in the index. */
  settled(): Promise<void> {
    return this.chain;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((error) => {
      this.version = undefined;
      this.onError(error);
    });
    return this.chain;
  }

  private async apply(payload: string): Promise<void> {
    const colon = payload.indexOf(':');
    const version = BigInt(payload.slice(0, colon));
    if (this.version !== undefined && version <= this.version) return; // already in a reload
    const ids = payload.slice(colon + 1);
    if (this.version === undefined || version !== this.version + 1n || ids === '*') return this.reloadAll();
    const list = ids.split(',').filter((id) => /^\d+$/.test(id));
    const rows = list.length > 0 ? await this.rows(this.sql, list) : [];
    for (const id of list) this.index.remove(id);
    for (const row of rows) this.index.put(toIndexed(row));
    this.index.prepare();
    this.version = version;
  }

  private async reloadAll(): Promise<void> {
    this.version = undefined;
    // One snapshot: the version read with the rows it describes.
    const { version, rows } = await this.sql.begin(
      'isolation level repeatable read read only',
      async (tx) => {
        const [{ v }] = await tx<{ v: string }[]>`SELECT version::text AS v FROM driver_search_version`;
        return { version: BigInt(v), rows: await this.rows(tx as unknown as Sql) };
      },
    );
    this.index.clear();
    for (const row of rows) this.index.put(toIndexed(row));
    this.index.prepare();
    this.version = version;
  }

  private rows(sql: Sql, ids?: string[]): Promise<Row[]> {
    return sql<Row[]>`
      SELECT d.id, d.search_name, d.employee_number, d.is_system,
             coalesce((SELECT array_agg(w.word) FROM driver_name_words w WHERE w.driver_id = d.id), '{}') AS words
      FROM drivers d ${ids ? sql`WHERE d.id IN ${sql(ids)}` : sql``}`;
  }
}
