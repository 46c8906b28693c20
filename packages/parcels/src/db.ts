import type { Sql } from '@pioneira/db';
import type { TransactionSql } from 'postgres';

/** The pool or a transaction of it: what SQL helpers that may run inside `sql.begin` accept. */
export type Queryable = Sql | TransactionSql<Record<string, unknown>>;
