export { type Config, ConfigError, loadConfig } from './config';
export { loadDotEnv } from './dotenv';
export { variables } from './schema';
