/** The protocols a device may speak; `json` is our own batch API. */
export const DEVICE_PROTOCOLS = ['osmand', 'owntracks', 'teltonika', 'json'] as const;
export type DeviceProtocol = (typeof DEVICE_PROTOCOLS)[number];

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
