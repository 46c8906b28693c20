import type { WorkerRole } from '../role';
import { alertsRole } from './alerts';
import { consumers, tripsRole } from './consumers';
import { geofencesRole } from './geofences';
import { importsRole } from './imports';
import { listeners } from './listeners';
import { maintenance } from './maintenance';
import { mixRole } from './mix';
import { relay } from './relay';
import { rulesRole } from './rules';

/** Every role the worker binary can run, each named for what it runs. */
export const roles: WorkerRole[] = [
  relay,
  consumers,
  maintenance,
  listeners,
  mixRole,
  importsRole,
  rulesRole,
  tripsRole,
  alertsRole,
  geofencesRole,
];

/** Names of earlier releases, still accepted for one release. */
export const LEGACY_ROLE_NAMES: Record<string, string> = { 'device-listeners': 'listeners' };
