/** The newest fix of a device, as the live map and /api/positions/latest show it. */
export interface LatestPosition {
  deviceId: string;
  vehicleId: string | null;
  fixedAt: string;
  latitude: number;
  longitude: number;
  speedKmh: number | null;
  course: number | null;
}
