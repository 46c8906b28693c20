export { listMigrations, migrate, migrationsChecksum } from './migrate';
export { createSql, type Sql } from './sql';
