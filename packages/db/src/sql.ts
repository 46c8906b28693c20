import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, unknown>>;

/** A piece of SQL built with the tagged template, to nest in another query. */
export type SqlFragment = postgres.Fragment;

/** One shared postgres.js pool. Timestamps come back as Date; int8 as string, so 64-bit ids stay exact. */
export function createSql(url: string, options: { max?: number; applicationName?: string } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'pioneira' },
  });
}
