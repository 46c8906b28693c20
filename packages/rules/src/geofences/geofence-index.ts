import RBush from 'rbush';
import { CompiledGeofence, type GeofenceRecord } from './compiled';

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  geofence: CompiledGeofence;
}

/**
 * Every geofence in memory behind an R-tree of their boxes (grown by the hysteresis): a fix costs a
 * tree search and the exact test of the few geofences whose box holds it, however many there are.
 * PostgreSQL stays the source of truth; `GeofenceWatch` keeps this copy up to date.
 */
export class GeofenceIndex {
  private tree = new RBush<Entry>();
  private readonly byId = new Map<string, Entry>();

  get size(): number {
    return this.byId.size;
  }

  /** Replaces the whole content (bulk-loaded). */
  load(records: GeofenceRecord[]): void {
    this.byId.clear();
    const entries = records.map((r) => this.entryOf(r));
    for (const e of entries) this.byId.set(e.geofence.id, e);
    this.tree = new RBush<Entry>();
    this.tree.load(entries);
  }

  /** Adds or replaces one geofence. */
  put(record: GeofenceRecord): void {
    this.remove(record.id);
    const entry = this.entryOf(record);
    this.byId.set(record.id, entry);
    this.tree.insert(entry);
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.tree.remove(old);
    this.byId.delete(id);
  }

  get(id: string): CompiledGeofence | undefined {
    return this.byId.get(id)?.geofence;
  }

  /** The geofences whose grown box holds the point. */
  near(lat: number, lon: number): CompiledGeofence[] {
    return this.tree.search({ minX: lon, minY: lat, maxX: lon, maxY: lat }).map((e) => e.geofence);
  }

  /** The geofences whose grown box meets the box of the segment between two fixes. */
  along(a: { lat: number; lon: number }, b: { lat: number; lon: number }): CompiledGeofence[] {
    return this.tree
      .search({
        minX: Math.min(a.lon, b.lon),
        minY: Math.min(a.lat, b.lat),
        maxX: Math.max(a.lon, b.lon),
        maxY: Math.max(a.lat, b.lat),
      })
      .map((e) => e.geofence);
  }

  /** The speed limit of the strictest geofence the point is inside, or null. */
  speedLimitAt(lat: number, lon: number): number | null {
    let limit: number | null = null;
    // Straight from the tree's answer (no array of geofences per fix).
    for (const { geofence: g } of this.tree.search({ minX: lon, minY: lat, maxX: lon, maxY: lat })) {
      const own = g.record.speedLimitKmh;
      if (own !== null && (limit === null || own < limit) && g.signedDistance(lat, lon) <= 0) limit = own;
    }
    return limit;
  }

  private entryOf(record: GeofenceRecord): Entry {
    const geofence = new CompiledGeofence(record);
    const box = geofence.searchBox;
    return { minX: box.minLon, minY: box.minLat, maxX: box.maxLon, maxY: box.maxLat, geofence };
  }
}
