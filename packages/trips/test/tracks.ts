import type { Fix } from '../src/fix';

/** Builds a synthetic track fix by fix (10 s apart by default), moving north at a given speed. */
export class TrackBuilder {
  readonly fixes: Fix[] = [];
  private t: number;
  private lat: number;
  private odometer = 0;

  constructor(
    start: string | number,
    private readonly lon = -46.63,
    lat = -23.55,
    private readonly everyS = 10,
  ) {
    this.t = typeof start === 'number' ? start : Date.parse(start);
    this.lat = lat;
  }

  get now() {
    return this.t;
  }

  /** Still for `seconds`, reporting `speedKmh` (GPS drift) and `ignition`. */
  park(seconds: number, ignition: boolean | null = null, speedKmh: number | null = 0) {
    for (let s = 0; s < seconds; s += this.everyS) this.emit(speedKmh, ignition);
    return this;
  }

  /** Moving north at `kmh` for `seconds`. */
  drive(seconds: number, kmh = 36, ignition: boolean | null = null) {
    const metresPerFix = (kmh / 3.6) * this.everyS;
    for (let s = 0; s < seconds; s += this.everyS) {
      this.lat += metresPerFix / 111_195;
      this.odometer += metresPerFix;
      this.emit(kmh, ignition);
    }
    return this;
  }

  /** No fix for `seconds`, optionally displaced by `metres` (it drove with the device off). */
  silence(seconds: number, metres = 0) {
    this.t += seconds * 1000;
    this.lat += metres / 111_195;
    return this;
  }

  private emit(speedKmh: number | null, ignition: boolean | null) {
    this.fixes.push({
      t: this.t,
      lat: this.lat,
      lon: this.lon,
      speedKmh,
      ignition,
      odometerM: this.odometer,
      engineSeconds: null,
      fuelUsedL: null,
    });
    this.t += this.everyS * 1000;
  }
}
