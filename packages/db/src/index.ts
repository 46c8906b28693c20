export { listMigrations, migrate, migrationsChecksum } from './migrate';
export { createSql, type Sql, type SqlFragment } from './sql';
