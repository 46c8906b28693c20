import { COLOURS, FIRST_NAMES, SITES, SURNAMES, VEHICLE_MODELS } from './catalog-data';
import { LIBRARY_EVENT_SEEDS, type LibraryEventSeed } from './library-events';
import type { Random } from './random';

/** Records are kept in the MiX wire shape (PascalCase, int64 ids as bigint) so routes only serialise. */
export interface MixGroup {
  GroupId: bigint;
  Name: string;
  Type: 'OrganisationGroup' | 'SiteGroup' | 'DefaultSite';
  DisplayTimeZone: string;
}

export interface MixDriver {
  IsSystemDriver: boolean;
  FmDriverId: number;
  DriverId: bigint;
  SiteId: bigint;
  ExtendedDriverIdType: 'None' | 'Hex' | 'Ascii';
  ExtendedDriverId?: string;
  EmployeeNumber?: string;
  Name: string;
  MobileNumber?: string;
  Email?: string;
  Country: string;
}

export interface MixAsset {
  AssetId: bigint;
  AssetTypeId: number;
  Description: string;
  IsConnectedTrailer: boolean;
  RegistrationNumber: string;
  SiteId: bigint;
  FuelType: string;
  FuelTankCapacity: number;
  TargetFuelConsumption: number;
  TargetFuelConsumptionUnits: string;
  FleetNumber: string;
  Make: string;
  Model: string;
  Year: string;
  VinNumber: string;
  DefaultDriverId?: bigint;
  FmVehicleId: number;
  Icon: string;
  Colour: string;
  IsDefaultImage: boolean;
  CreatedDate: Date;
  Odometer: number;
  EngineHours: string;
  Country: string;
}

export interface MixLibraryEvent {
  Description: string;
  EventTypeId: bigint;
  EventType: string;
  DisplayUnits?: string;
  FormatType?: string;
  ValueName?: string;
}

export interface SiteLocation {
  group: MixGroup;
  latitude: number;
  longitude: number;
}

/** The synthetic fleet of one organisation, deterministic from the seed. */
export interface Fleet {
  organisation: MixGroup;
  sites: SiteLocation[];
  drivers: MixDriver[];
  assets: MixAsset[];
  libraryEvents: MixLibraryEvent[];
  /** Generation hints per event type id (decimal string key). */
  eventSeeds: Map<string, LibraryEventSeed>;
}

const TIME_ZONE = 'E. South America Standard Time';

export function buildFleet(
  random: Random,
  organisationId: bigint,
  organisationName: string,
  driverCount: number,
  vehicleCount: number,
): Fleet {
  const organisation: MixGroup = {
    GroupId: organisationId,
    Name: organisationName,
    Type: 'OrganisationGroup',
    DisplayTimeZone: TIME_ZONE,
  };
  const sites = SITES.map((seed, index) => ({
    group: {
      GroupId: random.int64Id(),
      Name: seed.name,
      Type: index === 0 ? ('DefaultSite' as const) : ('SiteGroup' as const),
      DisplayTimeZone: TIME_ZONE,
    },
    latitude: seed.latitude,
    longitude: seed.longitude,
  }));
  const drivers = buildDrivers(random, sites, driverCount);
  const assets = buildAssets(random, sites, drivers, vehicleCount);
  const libraryEvents: MixLibraryEvent[] = [];
  const eventSeeds = new Map<string, LibraryEventSeed>();
  for (const seed of LIBRARY_EVENT_SEEDS) {
    const event: MixLibraryEvent = {
      Description: seed.description,
      EventTypeId: random.int64Id(),
      EventType: seed.eventType,
      DisplayUnits: seed.displayUnits,
      FormatType: seed.formatType,
      ValueName: seed.valueName,
    };
    libraryEvents.push(event);
    eventSeeds.set(event.EventTypeId.toString(), seed);
  }
  return { organisation, sites, drivers, assets, libraryEvents, eventSeeds };
}

function buildDrivers(random: Random, sites: SiteLocation[], count: number): MixDriver[] {
  // Real fleets always carry a few system drivers (unknown driver, installer…).
  const system: MixDriver[] = [
    systemDriver(random, sites[0], 0, 'Unknown'),
    systemDriver(random, sites[0], 1, 'Automatically created driver 1'),
    systemDriver(random, sites[0], -2, 'Installer'),
  ];
  const usedNames = new Set<string>();
  const people: MixDriver[] = [];
  for (let i = 0; i < Math.max(0, count - system.length); i++) {
    let name = '';
    do {
      name = `${random.pick(FIRST_NAMES)} ${random.pick(SURNAMES)} ${random.pick(SURNAMES)}`;
    } while (usedNames.has(name) && usedNames.size < 20_000);
    usedNames.add(name);
    const fmDriverId = 100 + i;
    const login = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(' ');
    people.push({
      IsSystemDriver: false,
      FmDriverId: fmDriverId,
      DriverId: random.int64Id(),
      SiteId: random.pick(sites).group.GroupId,
      ExtendedDriverIdType: random.chance(0.7) ? 'Hex' : 'None',
      EmployeeNumber: `MT${String(1000 + i * 7).padStart(5, '0')}`,
      Name: name,
      MobileNumber: random.chance(0.8)
        ? `+55 11 9${random.int(1000, 9999)}-${random.int(1000, 9999)}`
        : undefined,
      Email: random.chance(0.4) ? `${login[0]}.${login[login.length - 1]}@pioneira.dev` : undefined,
      Country: 'Brazil',
    });
    const driver = people[people.length - 1];
    if (driver.ExtendedDriverIdType === 'Hex') {
      driver.ExtendedDriverId = random.uint32().toString(16).toUpperCase().padStart(8, '0') + '01';
    }
  }
  return [...system, ...people].slice(0, Math.max(count, 0));
}

function systemDriver(random: Random, site: SiteLocation, fmDriverId: number, name: string): MixDriver {
  return {
    IsSystemDriver: fmDriverId === 0 || fmDriverId === 1,
    FmDriverId: fmDriverId,
    DriverId: random.int64Id(),
    SiteId: site.group.GroupId,
    ExtendedDriverIdType: 'None',
    Name: name,
    Country: 'Brazil',
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Mercosul plate: three letters, digit, letter, two digits (ABC1D23). */
function mercosulPlate(random: Random): string {
  const letter = () => LETTERS[random.int(0, 25)];
  return `${letter()}${letter()}${letter()}${random.int(0, 9)}${letter()}${random.int(0, 9)}${random.int(0, 9)}`;
}

function buildAssets(random: Random, sites: SiteLocation[], drivers: MixDriver[], count: number): MixAsset[] {
  const people = drivers.filter((d) => d.FmDriverId >= 100);
  const plates = new Set<string>();
  const assets: MixAsset[] = [];
  for (let i = 0; i < count; i++) {
    const model = random.pick(VEHICLE_MODELS);
    let plate = mercosulPlate(random);
    while (plates.has(plate)) plate = mercosulPlate(random);
    plates.add(plate);
    const year = random.int(2014, 2024);
    const createdDate = new Date(Date.UTC(year + 1, random.int(0, 11), random.int(1, 28), 12));
    const odometer = Math.round(random.float(20_000, 650_000));
    assets.push({
      AssetId: random.int64Id(),
      AssetTypeId: model.assetTypeId,
      Description: `${model.make} ${model.model} - ${plate}`,
      IsConnectedTrailer: false,
      RegistrationNumber: plate,
      SiteId: random.pick(sites).group.GroupId,
      FuelType: 'Diesel',
      FuelTankCapacity: model.tankLitres,
      TargetFuelConsumption: model.targetKmPerLitre,
      TargetFuelConsumptionUnits: 'km/l',
      FleetNumber: `F-${String(i + 1).padStart(3, '0')}`,
      Make: model.make,
      Model: model.model,
      Year: String(year),
      VinNumber: `9BM${random.uint32().toString(36).toUpperCase().padStart(7, '0')}${random.int(1000000, 9999999)}`,
      DefaultDriverId: people.length > 0 && random.chance(0.85) ? random.pick(people).DriverId : undefined,
      FmVehicleId: 1000 + i,
      Icon: model.assetTypeId === 1 ? 'Van' : 'Truck',
      Colour: random.pick(COLOURS),
      IsDefaultImage: true,
      CreatedDate: createdDate,
      Odometer: odometer,
      EngineHours: `PT${Math.round(odometer / 45)}H${random.int(0, 59)}M`,
      Country: 'Brazil',
    });
  }
  return assets;
}
