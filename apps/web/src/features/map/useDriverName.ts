'use client';

import { useLoad } from '@/lib/hooks/useLoad';
import { getDevice, getDriverName } from './map.api';

/** The driver assigned to a device, by name (null when none is assigned). */
export function useDriverName(deviceId: string) {
  return useLoad(`driver|${deviceId}`, async (signal) => {
    const device = await getDevice(deviceId, signal);
    return device.driverId ? getDriverName(device.driverId, signal) : null;
  });
}
