import { Random } from '@pioneira/fleet-sim';
import { atLocal, type LocalDay, seedOf } from './days';
import { DEPOTS, type Place, STOPS } from './places';

/** One historical fix, in the shape the ingest takes from every protocol. */
export interface HistoryFix {
  fixedAt: Date;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  altitude: number;
  accuracy: number;
  attributes: { ignition: boolean };
}

const EARTH_M = 6_371_000;
const rad = (d: number) => (d * Math.PI) / 180;

function distanceM(a: Point, b: Point): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(h));
}

function bearing(a: Point, b: Point): number {
  const y = Math.sin(rad(b.longitude - a.longitude)) * Math.cos(rad(b.latitude));
  const x =
    Math.cos(rad(a.latitude)) * Math.sin(rad(b.latitude)) -
    Math.sin(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.cos(rad(b.longitude - a.longitude));
  return Math.round(((Math.atan2(y, x) * 180) / Math.PI + 360) % 360) % 360;
}

interface Point {
  latitude: number;
  longitude: number;
}

/** The day plan of a van: its depot and, per weekday, how many deliveries. */
export interface DemoVehicle {
  index: number;
  /** Goes above 90 km/h on the expressways (Marginal, Rodoanel, Dutra). */
  speeder: boolean;
}

export const demoVehicle = (index: number): DemoVehicle => ({ index, speeder: index % 5 === 2 });

/**
 * The fixes of one van on one São Paulo day, the same on every run: out of its depot in the morning
 * (later on Saturdays, rarely on Sundays), a few deliveries with the engine off, back in the evening.
 * A fix every minute while driving, every ten minutes while parked at a customer.
 */
export function dayOfFixes(vehicle: DemoVehicle, day: LocalDay): HistoryFix[] {
  const random = new Random(seedOf(vehicle.index, day.number, 7));
  const depot = DEPOTS[vehicle.index % DEPOTS.length] as Place;
  const stops =
    day.weekday === 0
      ? random.chance(0.25)
        ? 1
        : 0
      : day.weekday === 6
        ? random.int(1, 3)
        : random.int(3, 6);
  if (stops === 0) return [];
  const fixes: HistoryFix[] = [];
  let minutes = day.weekday === 6 ? random.between(8 * 60, 10 * 60) : random.between(6.5 * 60, 8.5 * 60);
  let here: Point = depot;
  const route = [...Array.from({ length: stops }, () => random.pick(STOPS)), depot];
  for (const [leg, target] of route.entries()) {
    minutes = drive(fixes, random, vehicle, day, minutes, here, target);
    here = target;
    if (leg === route.length - 1) break;
    minutes = park(fixes, random, day, minutes, target);
  }
  return fixes;
}

function fix(day: LocalDay, minutes: number, at: Point, speedKmh: number, course: number, ignition: boolean) {
  return {
    fixedAt: new Date(Math.floor(atLocal(day, minutes) / 1000) * 1000),
    latitude: Math.round(at.latitude * 1e6) / 1e6,
    longitude: Math.round(at.longitude * 1e6) / 1e6,
    speedKmh: Math.round(speedKmh * 10) / 10,
    course,
    altitude: 760,
    accuracy: 5,
    attributes: { ignition },
  };
}

const isPeak = (minutes: number) =>
  (minutes >= 7 * 60 && minutes < 9.5 * 60) || (minutes >= 17 * 60 && minutes < 19.5 * 60);

/** Drives from `from` to `to` over a bent line (roads are not straight); returns the arrival time. */
function drive(
  fixes: HistoryFix[],
  random: Random,
  vehicle: DemoVehicle,
  day: LocalDay,
  start: number,
  from: Point,
  to: Point,
): number {
  const straight = distanceM(from, to);
  const bend = random.between(-0.18, 0.18);
  const mid = {
    latitude: (from.latitude + to.latitude) / 2 + bend * (to.longitude - from.longitude),
    longitude: (from.longitude + to.longitude) / 2 - bend * (to.latitude - from.latitude),
  };
  const legs = [
    { a: from, b: mid, length: distanceM(from, mid) },
    { a: mid, b: to, length: distanceM(mid, to) },
  ];
  const total = legs[0]!.length + legs[1]!.length;
  // Long legs use the expressways; short ones stay on city streets.
  const cruise = straight > 12_000 ? random.between(55, 75) : straight > 4_000 ? random.between(35, 50) : 28;
  let minutes = start;
  let done = 0;
  fixes.push(fix(day, minutes, from, 0, bearing(from, mid), true));
  while (done < total) {
    const step = random.between(0.85, 1.15); // minutes between two fixes
    const traffic = isPeak(minutes) ? 0.6 : 1;
    const edge = done < 600 || total - done < 600 ? 0.5 : 1;
    let speed = cruise * traffic * edge * random.between(0.7, 1.25);
    if (vehicle.speeder && straight > 12_000 && edge === 1 && traffic === 1 && random.chance(0.35))
      speed = random.between(92, 108);
    done = Math.min(total, done + (speed / 3.6) * step * 60);
    minutes += step;
    const leg = done <= legs[0]!.length ? legs[0]! : legs[1]!;
    const along = done <= legs[0]!.length ? done : done - legs[0]!.length;
    const share = leg.length > 0 ? along / leg.length : 1;
    const at = {
      latitude: leg.a.latitude + (leg.b.latitude - leg.a.latitude) * share,
      longitude: leg.a.longitude + (leg.b.longitude - leg.a.longitude) * share,
    };
    fixes.push(fix(day, minutes, at, done >= total ? 0 : speed, bearing(leg.a, leg.b), true));
  }
  return minutes;
}

/** Parks with the engine off for a delivery; returns the time it drives off. */
function park(fixes: HistoryFix[], random: Random, day: LocalDay, start: number, at: Point): number {
  const dwell = random.between(15, 50);
  let minutes = start + 1;
  while (minutes < start + dwell) {
    fixes.push(fix(day, minutes, at, 0, 0, false));
    minutes += 10;
  }
  return start + dwell;
}
