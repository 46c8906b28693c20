export { StackError } from './errors';
export { freePort, isListening } from './ports';
export { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './postgres';
export { type LocalRedisHandle, startLocalRedis } from './redis';
export { ensureBuild, startWeb, type WebServer } from './web';
