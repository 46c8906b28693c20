import type postgres from 'postgres';

/**
 * Anything a repository can run a query on: the shared pool or a transaction (`sql.begin(tx => …)`).
 * Repositories take a `Queryable` so the same method runs alone or inside a caller's transaction.
 */
export type Queryable = postgres.ISql<Record<string, unknown>>;
