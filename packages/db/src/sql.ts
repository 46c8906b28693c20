import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, unknown>>;

/** A piece of SQL built with the tagged template, to nest in another query. */
export type SqlFragment = postgres.Fragment;

/** One shared postgres.js pool. Timestamps come back as Date; int8 as string, so 64-bit ids stay exact. */
export function createSql(
  url: string,
  options: {
    max?: number;
    applicationName?: string;
    /** Called with every statement sent and its parameters (the benchmarks EXPLAIN what the code runs). */
    onQuery?: (statement: string, parameters: unknown[]) => void;
  } = {},
): Sql {
  const onQuery = options.onQuery;
  return postgres(url, {
    max: options.max ?? 10,
    ...(onQuery
      ? {
          debug: (_connection: number, statement: string, parameters: unknown[]) =>
            onQuery(statement, parameters),
        }
      : {}),
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'pioneira' },
  });
}
