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
  /** Whether OsmAnd / OwnTracks HTTP requests must carry the device secret (never shown itself). */
  hasSecret: boolean;
  /** Seconds without a fix before this device counts as offline; null: the configured default. */
  offlineAfterSeconds: number | null;
}

/** What the ingest path needs to know about a device. */
export interface DeviceRef {
  id: string;
  num: number;
  identifier: string;
  name: string;
  /** The protocol the device was registered for: the only one it may send with. */
  protocol: DeviceProtocol;
  vehicleId: string | null;
  /** sha256 of the device secret, or null when the device has none. */
  secretHash: Buffer | null;
}
