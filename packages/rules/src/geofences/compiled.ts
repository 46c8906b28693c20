import type { AllowedWindow } from '../evaluators/after-hours';
import { type BBox, bboxOf, expand, type GeofenceShape, M_PER_DEG } from './geometry';

/** A geofence as the evaluator reads it: its rules and its shape. */
export interface GeofenceRecord {
  id: string;
  name: string;
  groupId: string | null;
  shape: GeofenceShape;
  speedLimitKmh: number | null;
  allowedHours: AllowedWindow[] | null;
  dwellMaxSeconds: number | null;
  hysteresisM: number;
}

type XY = [number, number];

/**
 * A geofence ready for evaluation: its vertices projected once to metres on a plane tangent at its
 * centre (equirectangular; under 0.1% error over a few tens of kilometres), so a fix costs a
 * projection and a distance, no trigonometry per vertex.
 */
export class CompiledGeofence {
  readonly bbox: BBox;
  /** The box the index holds: the shape grown by its hysteresis, so fixes just outside are seen. */
  readonly searchBox: BBox;
  /** Depth in metres that counts as clearly inside or outside (the hysteresis, or less for a small shape). */
  readonly margin: number;
  private readonly lat0: number;
  private readonly lon0: number;
  private readonly kx: number;
  private readonly rings: XY[][];
  private readonly halfWidth: number;

  constructor(readonly record: GeofenceRecord) {
    const shape = record.shape;
    this.bbox = bboxOf(shape);
    this.lat0 = (this.bbox.minLat + this.bbox.maxLat) / 2;
    this.lon0 = (this.bbox.minLon + this.bbox.maxLon) / 2;
    this.kx = M_PER_DEG * Math.cos((this.lat0 * Math.PI) / 180);
    const project = (p: [number, number]) => this.project(p[1], p[0]);
    if (shape.kind === 'circle') {
      this.rings = [[project(shape.center)]];
      this.halfWidth = shape.radiusM;
    } else if (shape.kind === 'corridor') {
      this.rings = [shape.line.map(project)];
      this.halfWidth = shape.widthM / 2;
    } else {
      this.rings = shape.rings.map((ring) => ring.map(project));
      this.halfWidth = 0;
    }
    const size =
      shape.kind === 'polygon'
        ? Math.min(
            (this.bbox.maxLon - this.bbox.minLon) * this.kx,
            (this.bbox.maxLat - this.bbox.minLat) * M_PER_DEG,
          ) / 2
        : this.halfWidth;
    this.margin = Math.min(record.hysteresisM, size / 4);
    this.searchBox = expand(this.bbox, record.hysteresisM);
  }

  get id(): string {
    return this.record.id;
  }

  project(lat: number, lon: number): XY {
    return [(lon - this.lon0) * this.kx, (lat - this.lat0) * M_PER_DEG];
  }

  /** Metres from the border: negative inside, positive outside. */
  signedDistance(lat: number, lon: number): number {
    return this.signedDistanceXY(this.project(lat, lon));
  }

  private signedDistanceXY([x, y]: XY): number {
    const kind = this.record.shape.kind;
    if (kind === 'circle') {
      const [cx, cy] = this.rings[0][0];
      return Math.hypot(x - cx, y - cy) - this.halfWidth;
    }
    if (kind === 'corridor') {
      const line = this.rings[0];
      let best = Infinity;
      for (let i = 0; i < line.length - 1; i++)
        best = Math.min(best, segmentDistance(x, y, line[i], line[i + 1]));
      return best - this.halfWidth;
    }
    let inside = false;
    let best = Infinity;
    for (const ring of this.rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
        best = Math.min(best, segmentDistance(x, y, ring[j], ring[i]));
      }
    return inside ? -best : best;
  }

  /**
   * Where the straight line between two fixes runs clearly inside (deeper than the margin): the
   * fractions of the way of its first and last such point, or null. Sampled at a step finer than the
   * margin, so a fast vehicle that crossed a small geofence between two fixes is still seen.
   */
  crossing(from: { lat: number; lon: number }, to: { lat: number; lon: number }): [number, number] | null {
    const a = this.project(from.lat, from.lon);
    const b = this.project(to.lat, to.lon);
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const step = Math.max(0.5, this.margin / 2, Math.min(this.halfWidth || Infinity, 5));
    const steps = Math.min(4000, Math.max(1, Math.ceil(length / step)));
    let first = -1;
    let last = -1;
    for (let i = 1; i < steps; i++) {
      const f = i / steps;
      const d = this.signedDistanceXY([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]);
      if (d <= -this.margin && d < 0) {
        if (first < 0) first = f;
        last = f;
      }
    }
    return first < 0 ? null : [first, last];
  }
}

function segmentDistance(x: number, y: number, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}
