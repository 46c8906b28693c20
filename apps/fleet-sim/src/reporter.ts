import type { DeliveryQueue } from './delivery-queue';
import type { SimDevice } from './fleet';
import type { Fix } from './wire';

/** How simulated time maps onto the wall clock. */
export interface SimClock {
  /** Simulated time at start, epoch ms. */
  startAt: number;
  /** Wall time at start, epoch ms. */
  wallStart: number;
  /** Simulated seconds per wall second (1 = real time). */
  speedup: number;
}

const MIN_INTERVAL_MS = 1000; // fixes carry whole seconds (OsmAnd's timestamp), so never two in one second

/**
 * Drives one device: every report interval (± jitter) it advances the vehicle by that much simulated
 * time and hands a fix to the device's delivery queue. One timer per device, no polling.
 */
export class Reporter {
  private elapsedMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private battery: number;

  constructor(
    private readonly device: SimDevice,
    private readonly queue: DeliveryQueue,
    private readonly clock: SimClock,
    private readonly intervalMs: number,
    private readonly jitter: number,
  ) {
    this.battery = Math.round(device.random.between(40, 100));
  }

  start(): void {
    // Spread the first reports over one interval so the fleet does not report in lockstep.
    this.schedule(Math.max(MIN_INTERVAL_MS, this.device.random.between(0, this.intervalMs)));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(simDelayMs: number): void {
    this.elapsedMs += simDelayMs;
    const due = this.clock.wallStart + this.elapsedMs / this.clock.speedup;
    this.timer = setTimeout(() => this.report(simDelayMs), Math.max(0, due - Date.now()));
  }

  private report(simDelayMs: number): void {
    this.device.vehicle.advance(simDelayMs / 1000);
    this.queue.enqueue(this.fix());
    const spread = 1 + this.jitter * (2 * this.device.random.next() - 1);
    this.schedule(Math.max(MIN_INTERVAL_MS, Math.round(this.intervalMs * spread)));
  }

  private fix(): Fix {
    const state = this.device.vehicle.state;
    // A phone charges in the cab while the engine runs and drains slowly when parked.
    this.battery = Math.min(100, Math.max(5, this.battery + (state.ignition ? 0.2 : -0.1)));
    return {
      fixedAt: new Date(Math.floor((this.clock.startAt + this.elapsedMs) / 1000) * 1000),
      latitude: state.latitude,
      longitude: state.longitude,
      speedKmh: state.speedKmh,
      course: state.course,
      altitude: state.altitude,
      ignition: state.ignition,
      odometerMetres: state.odometerMetres,
      ...(this.device.protocol === 'osmand' ? { batteryLevel: Math.round(this.battery) } : {}),
    };
  }
}
