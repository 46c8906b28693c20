import type { WorkerRole } from '../role';
import { consumers } from './consumers';
import { deviceListeners } from './device-listeners';
import { importsRole } from './imports';
import { mixRole } from './mix';
import { relay } from './relay';

/** Every role the worker binary can run; issues add theirs here. */
export const roles: WorkerRole[] = [relay, consumers, deviceListeners, mixRole, importsRole];
