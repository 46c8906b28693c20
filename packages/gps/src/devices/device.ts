import type { DeviceProtocol } from '@pioneira/contracts/enums';

export { DEVICE_PROTOCOLS, type DeviceProtocol } from '@pioneira/contracts/enums';

/** A registered tracker or phone, as the API shows it. */
export interface Device {
  id: string;
  identifier: string;
  name: string;
  protocol: DeviceProtocol;
  vehicleId: string | null;
  driverId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the ingest path needs to know about a device. */
export interface DeviceRef {
  id: string;
  num: number;
  identifier: string;
  name: string;
  vehicleId: string | null;
}
