/** Kinds of harsh driving, derived from speed and course or flagged by the device. */
export type HarshKind = 'acceleration' | 'braking' | 'cornering';

/** One position as the rules read it: the fix plus the named attributes they need. */
export interface RuleFix {
  /** Fix time, epoch ms (UTC). */
  t: number;
  latitude: number;
  longitude: number;
  speedKmh: number | null;
  course: number | null;
  /** Engine on/off; null when the device does not report it (then idling cannot be told). */
  ignition: boolean | null;
  motion: boolean | null;
  /** The device's own harsh-driving flag (Teltonika green driving, OsmAnd `alarm`). */
  deviceFlag: { kind: HarshKind; valueMs2: number | null } | null;
  /** Driver identification read by the device (iButton, RFID, `driverUniqueId`). */
  driverUniqueId: string | null;
  /** The speed limit of the strictest geofence the fix is in (when lower than the settings' limit it applies). */
  zoneSpeedLimitKmh?: number | null;
}

type Attributes = Record<string, unknown> | null | undefined;

const GREEN_DRIVING: Record<number, HarshKind> = { 1: 'acceleration', 2: 'braking', 3: 'cornering' };
const ALARMS: Record<string, HarshKind> = {
  hardAcceleration: 'acceleration',
  hardBraking: 'braking',
  hardCornering: 'cornering',
};
const G = 9.80665;

const bool = (value: unknown): boolean | null =>
  typeof value === 'boolean' ? value : typeof value === 'number' ? value !== 0 : null;

/** Reads the attributes the rules use, whichever protocol named them. */
export function ruleAttributes(
  attributes: Attributes,
): Pick<RuleFix, 'ignition' | 'motion' | 'deviceFlag' | 'driverUniqueId'> {
  if (!attributes) return { ignition: null, motion: null, deviceFlag: null, driverUniqueId: null };
  let deviceFlag: RuleFix['deviceFlag'] = null;
  const green =
    attributes.greenDrivingType === undefined
      ? undefined
      : GREEN_DRIVING[Number(attributes.greenDrivingType)];
  if (green) {
    // Teltonika reports the green-driving value in hundredths of g.
    const value = Number(attributes.greenDrivingValue);
    deviceFlag = { kind: green, valueMs2: Number.isFinite(value) ? (value / 100) * G : null };
  } else if (typeof attributes.alarm === 'string') {
    const kind = attributes.alarm
      .split(',')
      .map((a) => ALARMS[a.trim()])
      .find(Boolean);
    if (kind) deviceFlag = { kind, valueMs2: null };
  }
  const driver = attributes.driverUniqueId;
  return {
    ignition: bool(attributes.ignition),
    motion: bool(attributes.motion),
    deviceFlag,
    driverUniqueId:
      (typeof driver === 'string' && driver !== '' && driver !== '0') || typeof driver === 'number'
        ? String(driver)
        : null,
  };
}

/** A stored fix as the rules read it: the named attributes read and the zone's limit set, in one object. */
export function ruleFixOf(
  p: {
    t: number;
    latitude: number;
    longitude: number;
    speedKmh: number | null;
    course: number | null;
    attributes: Attributes;
  },
  zoneSpeedLimitKmh: number | null,
): RuleFix {
  const attributes = p.attributes;
  // Built field by field (no rest or spread): this runs once per fix.
  if (!attributes)
    return {
      t: p.t,
      latitude: p.latitude,
      longitude: p.longitude,
      speedKmh: p.speedKmh,
      course: p.course,
      ignition: null,
      motion: null,
      deviceFlag: null,
      driverUniqueId: null,
      zoneSpeedLimitKmh,
    };
  const named = ruleAttributes(attributes);
  return {
    t: p.t,
    latitude: p.latitude,
    longitude: p.longitude,
    speedKmh: p.speedKmh,
    course: p.course,
    ignition: named.ignition,
    motion: named.motion,
    deviceFlag: named.deviceFlag,
    driverUniqueId: named.driverUniqueId,
    zoneSpeedLimitKmh,
  };
}
