export { type App, buildApp } from './app';
export { type ApiDeps, createDeps } from './deps';
export { startApi } from './server';
export { StartupError } from './startup-checks';
