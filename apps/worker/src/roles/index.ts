import type { WorkerRole } from '../role';

/** Every role the worker binary can run; issues add theirs here. */
export const roles: WorkerRole[] = [];
