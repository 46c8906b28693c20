export type { WorkerContext, WorkerRole } from './role';
export { roleNames, startWorker } from './worker';
