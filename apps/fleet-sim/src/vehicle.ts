import {
  blockLength,
  type CityGrid,
  type Heading,
  isAvenue,
  type Node,
  neighbour,
  nodeLatitude,
  nodeLongitude,
} from './city';
import type { Random } from './random';

/** Where a vehicle is and what it is doing, as its tracker would report it. */
export interface VehicleState {
  latitude: number;
  longitude: number;
  speedKmh: number;
  /** Degrees from north. */
  course: number;
  altitude: number;
  /** Engine on: false only while parked (idle period). */
  ignition: boolean;
  odometerMetres: number;
}

const ACCELERATION = 2; // m/s², a loaded van pulling away
const COMFORT_BRAKING = 2.2; // m/s², an ordinary stop at a light
const TURN_SPEED = 20 / 3.6; // m/s through a corner
const STEP_SECONDS = 0.5; // the physics step; reports may be minutes apart

// Probabilities per intersection reached.
const TRAFFIC_LIGHT = { street: 0.25, avenue: 0.1 }; // avenues get the green wave
const PARK = 0.015; // a delivery stop with the engine off
const GO_STRAIGHT = { street: 0.6, avenue: 0.85 };
const SPEEDER_TAKES_AVENUE = 0.6;

type Phase = { kind: 'driving' } | { kind: 'stopped'; remaining: number; parked: boolean };

/**
 * One vehicle driving the grid: along a block, then at the intersection straight on or a turn, with
 * red lights and parked delivery stops. Deterministic for a given Random and sequence of steps.
 */
export class Vehicle {
  private node: Node;
  private heading: Heading;
  private along = 0; // metres from `node` towards the next one
  private speed = 0; // m/s
  private cruise = 0; // m/s wanted on this block
  private stopAtEnd = false;
  private braking = false;
  private turnAtEnd = false;
  private nextHeading: Heading;
  private phase: Phase = { kind: 'driving' };
  private lightChance = TRAFFIC_LIGHT.street;
  private odometer = 0;

  constructor(
    private readonly city: CityGrid,
    private readonly random: Random,
    /** A driver who goes well above 80 km/h on avenues. */
    readonly speeder: boolean,
  ) {
    this.node = { row: random.int(0, city.rows - 1), col: random.int(0, city.columns - 1) };
    this.heading = random.pick(this.exits(null));
    this.nextHeading = this.heading;
    this.enterBlock();
  }

  /** Advances the simulation by `seconds` of driving time. */
  advance(seconds: number): void {
    let left = seconds;
    while (left > 1e-9) {
      const dt = Math.min(STEP_SECONDS, left);
      this.step(dt);
      left -= dt;
    }
  }

  get state(): VehicleState {
    const latitude = nodeLatitude(this.city, this.node.row);
    const longitude = nodeLongitude(this.city, this.node.col);
    const fraction = this.along / blockLength(this.city, this.heading);
    const parked = this.phase.kind === 'stopped' && this.phase.parked;
    return {
      latitude:
        latitude + fraction * this.city.latStep * (this.heading === 0 ? 1 : this.heading === 180 ? -1 : 0),
      longitude:
        longitude + fraction * this.city.lonStep * (this.heading === 90 ? 1 : this.heading === 270 ? -1 : 0),
      speedKmh: Math.round(this.speed * 3.6 * 10) / 10,
      course: this.heading,
      // São Paulo's centre is hilly: a gentle, repeatable relief over the grid.
      altitude: Math.round(
        this.city.altitude + 25 * Math.sin(this.node.row / 4) + 15 * Math.cos(this.node.col / 3),
      ),
      ignition: !parked,
      odometerMetres: Math.round(this.odometer),
    };
  }

  private step(dt: number): void {
    if (this.phase.kind === 'stopped') {
      this.phase.remaining -= dt;
      if (this.phase.remaining <= 0) this.phase = { kind: 'driving' };
      return;
    }
    const length = blockLength(this.city, this.heading);
    const [metres, speed] = this.plan(dt, length - this.along);
    this.speed = speed;
    this.odometer += metres;
    this.along += metres;
    if (this.along >= length - 1e-9) this.arrive(length);
  }

  /** Metres driven during the next `dt` seconds and the speed at their end. */
  private plan(dt: number, remaining: number): [number, number] {
    const endSpeed = this.stopAtEnd ? 0 : this.turnAtEnd ? Math.min(TURN_SPEED, this.cruise) : this.cruise;
    const v = this.speed;
    if (!this.braking) {
      // Cruise (or pull away) for this step, unless that would leave too little room to slow down.
      const next =
        v < this.cruise
          ? Math.min(this.cruise, v + ACCELERATION * dt)
          : Math.max(this.cruise, v - COMFORT_BRAKING * dt);
      const moved = ((v + next) / 2) * dt;
      const room = remaining - moved;
      this.braking =
        next > endSpeed && (room <= 0 || (next * next - endSpeed * endSpeed) / (2 * room) > COMFORT_BRAKING);
      if (!this.braking) return [moved, next];
    }
    // From here the constant deceleration that meets endSpeed exactly on the line: never past it.
    if (v <= endSpeed) return [Math.min(remaining, Math.max(v, 1) * dt), v];
    const rate = (v * v - endSpeed * endSpeed) / (2 * remaining);
    if ((v - endSpeed) / rate <= dt) return [remaining, endSpeed];
    return [v * dt - (rate * dt * dt) / 2, v - rate * dt];
  }

  private arrive(length: number): void {
    const next = neighbour(this.city, this.node, this.heading);
    if (next) this.node = next;
    // Whatever the last step carried past the corner is driven on the next block.
    this.along = Math.max(0, this.along - length);
    if (this.stopAtEnd) {
      this.speed = 0;
      const parked = this.random.chance(PARK / (PARK + this.lightChance));
      this.phase = {
        kind: 'stopped',
        parked,
        remaining: parked ? this.random.between(60, 300) : this.random.between(5, 40),
      };
    }
    this.heading = this.nextHeading;
    this.enterBlock();
  }

  /** Chooses the cruise speed of the block just entered and what happens at its end. */
  private enterBlock(): void {
    const avenue = isAvenue(this.city, this.node, this.heading);
    const kmh = avenue
      ? this.speeder
        ? this.random.between(82, 90)
        : this.random.between(50, 72)
      : this.random.between(25, 50);
    this.cruise = kmh / 3.6;
    this.braking = false;
    const end = neighbour(this.city, this.node, this.heading) ?? this.node;
    this.nextHeading = this.chooseExit(end, avenue);
    this.turnAtEnd = this.nextHeading !== this.heading;
    this.lightChance = avenue ? TRAFFIC_LIGHT.avenue : TRAFFIC_LIGHT.street;
    this.stopAtEnd = this.random.chance(this.lightChance + PARK);
  }

  private chooseExit(at: Node, onAvenue: boolean): Heading {
    const exits = this.exits(at);
    const straight = onAvenue ? GO_STRAIGHT.avenue : GO_STRAIGHT.street;
    if (exits.includes(this.heading) && this.random.chance(straight)) return this.heading;
    const turns = exits.filter((h) => h !== this.heading);
    const avenues = turns.filter((h) => isAvenue(this.city, at, h));
    if (this.speeder && avenues.length > 0 && this.random.chance(SPEEDER_TAKES_AVENUE))
      return this.random.pick(avenues);
    return turns.length > 0 ? this.random.pick(turns) : this.heading;
  }

  /** Headings that lead somewhere from `at` (no U-turn unless it is a dead end). */
  private exits(at: Node | null): Heading[] {
    const from = at ?? this.node;
    const all: Heading[] = [0, 90, 180, 270];
    const open = all.filter((h) => neighbour(this.city, from, h) !== null);
    if (at === null) return open;
    const back = ((this.heading + 180) % 360) as Heading;
    const forward = open.filter((h) => h !== back);
    return forward.length > 0 ? forward : [back];
  }
}
