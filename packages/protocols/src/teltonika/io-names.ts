import type { AttributeValue } from '../position';

/**
 * Names for the Teltonika IO elements the platform reads (FMB family ids), added beside the raw
 * `io<ID>` attributes so rules and reports need not know the device: ignition (239), movement
 * (240), external voltage (66, mV → `power` in volts), total odometer (16, metres), green driving
 * type and value (253: 1 acceleration, 2 braking, 3 cornering; 254: hundredths of g), and the
 * iButton driver key (78, as 16 hex digits; 0 means no key).
 */
export function nameIoElements(attributes: Record<string, AttributeValue>): void {
  const number = (id: number) => {
    const value = attributes[`io${id}`];
    return typeof value === 'number' ? value : undefined;
  };
  const ignition = number(239);
  if (ignition !== undefined) attributes.ignition = ignition !== 0;
  const movement = number(240);
  if (movement !== undefined) attributes.motion = movement !== 0;
  const voltage = number(66);
  if (voltage !== undefined) attributes.power = voltage / 1000;
  const odometer = number(16);
  if (odometer !== undefined) attributes.odometer = odometer;
  const green = number(253);
  if (green !== undefined && green > 0) {
    attributes.greenDrivingType = green;
    const value = number(254);
    if (value !== undefined) attributes.greenDrivingValue = value;
  }
  const key = attributes.io78;
  if ((typeof key === 'number' && key !== 0) || (typeof key === 'string' && /^\d+$/.test(key)))
    attributes.driverUniqueId = BigInt(key).toString(16).toUpperCase().padStart(16, '0');
}
