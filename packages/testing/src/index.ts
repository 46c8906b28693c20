export { createTestDatabase, type TestDatabase } from './database';
export { testEnv, uniqueName } from './env';
