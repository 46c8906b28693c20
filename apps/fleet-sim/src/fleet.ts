import { type CityGrid, saoPauloGrid } from './city';
import { digits, imei, plate, uuid } from './identifiers';
import { Random } from './random';
import { Vehicle } from './vehicle';

/** The wire protocols the simulator speaks; `json` is our own batch API. */
export type SimProtocol = 'osmand' | 'json' | 'teltonika' | 'gt06' | 'h02' | 'suntech' | 'queclink';

/** Every protocol the simulator speaks. */
export const SIM_PROTOCOLS: readonly SimProtocol[] = [
  'osmand',
  'json',
  'teltonika',
  'gt06',
  'h02',
  'suntech',
  'queclink',
];

/** Share of the fleet on each protocol (weights; they need not sum to 1; a missing one has none). */
export type ProtocolMix = Partial<Record<SimProtocol, number>>;

export const DEFAULT_PROTOCOL_MIX: ProtocolMix = { osmand: 0.4, json: 0.3, teltonika: 0.3 };

/** One simulated tracker and the vehicle it rides in. */
export interface SimDevice {
  index: number;
  identifier: string;
  name: string;
  protocol: SimProtocol;
  vehicle: Vehicle;
  /** Draws the report jitter of this device. */
  random: Random;
}

export interface FleetOptions {
  devices: number;
  seed: number;
  city?: CityGrid;
  protocols?: ProtocolMix;
  /** Share of drivers who speed on avenues (0..1). */
  speeders?: number;
}

const MODELS = ['Fiorino', 'Sprinter', 'Master', 'Daily', 'Kangoo', 'Saveiro', 'Accelo', 'Delivery'];
const GOLDEN = 0.618_033_988_749_895;

/** Builds the same fleet for the same seed: identifiers, names, protocols and starting points. */
export function buildFleet(options: FleetOptions): SimDevice[] {
  const city = options.city ?? saoPauloGrid();
  const mix = options.protocols ?? DEFAULT_PROTOCOL_MIX;
  const root = new Random(options.seed);
  const taken = new Set<string>();
  return Array.from({ length: options.devices }, (_, index) => {
    const random = root.fork();
    const protocol = protocolOf(index, mix);
    const identifier = uniqueIdentifier(protocol, random.fork(), taken);
    const number = String(index + 1).padStart(3, '0');
    return {
      index,
      identifier,
      name: `Frota simulada ${number} · ${random.pick(MODELS)}`,
      protocol,
      vehicle: new Vehicle(city, random.fork(), random.chance(options.speeders ?? 0.2)),
      random: random.fork(),
    };
  });
}

// A low-discrepancy sequence spreads the protocols evenly over the fleet, whatever its size.
function protocolOf(index: number, mix: ProtocolMix): SimProtocol {
  const entries = (Object.entries(mix) as [SimProtocol, number][]).filter(([, weight]) => weight > 0);
  // (weights in the order given: a mix reads the same fleet for the same seed)
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (entries.length === 0 || !(total > 0))
    throw new RangeError('The protocol mix gives no protocol a share.');
  let point = ((index * GOLDEN) % 1) * total;
  for (const [protocol, weight] of entries) {
    if (point < weight) return protocol;
    point -= weight;
  }
  return (entries[entries.length - 1] as [SimProtocol, number])[0];
}

function uniqueIdentifier(protocol: SimProtocol, random: Random, taken: Set<string>): string {
  const make =
    protocol === 'teltonika' || protocol === 'gt06' || protocol === 'queclink'
      ? imei
      : protocol === 'osmand'
        ? plate
        : protocol === 'h02'
          ? (r: Random) => digits(r, 10)
          : protocol === 'suntech'
            ? (r: Random) => digits(r, 9)
            : uuid;
  let identifier = make(random);
  while (taken.has(identifier)) identifier = make(random);
  taken.add(identifier);
  return identifier;
}
