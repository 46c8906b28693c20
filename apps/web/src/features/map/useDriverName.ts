'use client';

import { useLoad } from '@/lib/hooks/useLoad';
import { getDevice } from './map.api';

/**
 * Who drives with a device now (its own driver, else its vehicle's assignment), or null. Keyed on
 * the fix too, so a change of driver shows with the next position.
 */
export function useDriverName(deviceId: string, fixedAt?: string) {
  const minute = fixedAt?.slice(0, 16) ?? '';
  return useLoad(`driver|${deviceId}|${minute}`, async (signal) => {
    const device = await getDevice(deviceId, signal);
    return device.currentDriver ?? null;
  });
}
