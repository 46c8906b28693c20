import type { DrivingTimeViolation } from '../driving-time/checks';
import type { AttributedEpisode } from '../evaluate';
import type { DerivedEvent, DeviceContext } from '../store/rules.repository';

const iso = (t: number) => new Date(t).toISOString();

/** A device's episode as a telemetry event; its key is the rule, the device and the start. */
export function episodeEvent(e: AttributedEpisode, device: DeviceContext): DerivedEvent {
  const seconds = Math.round((e.endedAt - e.startedAt) / 1000);
  return {
    externalId: `${e.rule}:${device.id}:${iso(e.startedAt)}`,
    driver: device.assignedDriver,
    vehicle: device.vehicleExternalId,
    type: `rules.${e.rule}`,
    category: e.origin === 'device' ? 'device' : 'gps',
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    latitude: e.latitude,
    longitude: e.longitude,
    endLatitude: e.endLatitude,
    endLongitude: e.endLongitude,
    speedKmh: e.peakSpeedKmh,
    speedLimitKmh: e.rule === 'overspeed' ? e.limit : null,
    value: e.value,
    units: e.units,
    valueType: e.units === 's' ? 'duration' : 'peak',
    limit: e.limit,
    seconds,
    details: null,
    raw: { deviceId: device.id, origin: e.origin, driverUniqueId: e.driverUniqueId },
  };
}

/** A driving-time violation as a telemetry event; its key is the check, the driver and the start. */
export function driverEvent(v: DrivingTimeViolation, driver: string, device: DeviceContext): DerivedEvent {
  return {
    externalId: `${v.rule}:driver:${driver}:${iso(v.startedAt)}`,
    driver,
    vehicle: device.vehicleExternalId,
    type: `rules.${v.rule}`,
    category: 'CTB art. 230, XXIII',
    startedAt: v.startedAt,
    endedAt: v.endedAt,
    latitude: null,
    longitude: null,
    endLatitude: null,
    endLongitude: null,
    speedKmh: null,
    speedLimitKmh: null,
    value: v.measuredMinutes,
    units: 'min',
    valueType: 'duration',
    limit: v.limitMinutes,
    seconds: Math.round((v.endedAt - v.startedAt) / 1000),
    details: v.text,
    raw: { check: v.rule },
  };
}
