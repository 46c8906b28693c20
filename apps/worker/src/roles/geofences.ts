import { checkOffline } from '@pioneira/rules';
import type { WorkerRole } from '../role';
import { groupsRole } from './consumers';

const geofenceGroups = groupsRole('geofences', 'geofences over the positions');
const OFFLINE_CHECK_EVERY_MS = 30_000;

/**
 * The geofences consumer group, and the device status check: every 30 s, devices silent past their
 * timeout turn offline with one `device.offline` event (safe on any number of replicas).
 */
export const geofencesRole: WorkerRole = {
  name: 'geofences',
  summary: `${geofenceGroups.summary}; device offline checks every 30 s`,
  async start(ctx) {
    const groups = await geofenceGroups.start(ctx);
    let running: Promise<unknown> | undefined;
    const check = () => {
      running ??= checkOffline(ctx.sql, ctx.config.deviceOfflineAfterSeconds)
        .then((n) => n > 0 && ctx.log('devices offline', { devices: n }))
        .catch((e) => ctx.log('device status check failed', { err: String(e) }))
        .finally(() => {
          running = undefined;
        });
    };
    check();
    const timer = setInterval(check, OFFLINE_CHECK_EVERY_MS);
    return {
      async stop() {
        clearInterval(timer);
        await running;
        await groups.stop();
      },
    };
  },
};
