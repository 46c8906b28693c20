import type { Page, PageRequest, Period } from '@pioneira/core';
import { notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { DriverProjection } from './driver-projection';
import {
  type DriverRow,
  type DriverSort,
  type DriverSystemFilter,
  DriversRepository,
} from './drivers.repository';
import { type InfractionFilter, InfractionsRepository } from './infractions.repository';
import { SEVERITIES, SEVERITY_POINTS, type Severity } from './severity';
import { type VehicleRow, type VehicleSort, VehiclesRepository } from './vehicles.repository';

const DAY = 86_400_000;

export const toDriver = (r: DriverRow) => ({
  id: r.id,
  externalId: r.external_id,
  source: r.source,
  name: r.name,
  employeeNumber: r.employee_number,
  mobileNumber: r.mobile_number,
  email: r.email,
  siteExternalId: r.site_external_id,
  isSystemDriver: r.is_system,
  systemOverride: r.system_override,
  updatedAt: r.updated_at,
});

export const toVehicle = (r: VehicleRow) => ({
  id: r.id,
  externalId: r.external_id,
  source: r.source,
  description: r.description,
  plate: r.registration_number,
  fleetNumber: r.fleet_number,
  make: r.make,
  model: r.model,
  year: r.year,
  siteExternalId: r.site_external_id,
  defaultDriverExternalId: r.default_driver_external_id,
  odometerKm: r.odometer_km,
  category: r.rule_category,
  currentDriver: r.current_driver_id ? { id: r.current_driver_id, name: r.current_driver_name ?? '' } : null,
  updatedAt: r.updated_at,
});

export type Driver = ReturnType<typeof toDriver>;
export type Vehicle = ReturnType<typeof toVehicle>;

/** Drivers, vehicles and the infractions of a driver: the fleet manager's core journey. */
export class FleetService {
  private readonly drivers: DriversRepository;
  private readonly vehicles: VehiclesRepository;
  private readonly infractions: InfractionsRepository;

  constructor(
    sql: Sql,
    /** The drivers' searchable words in memory; without it every search runs in SQL. */
    private readonly driverSearch?: DriverProjection,
  ) {
    this.drivers = new DriversRepository(sql);
    this.vehicles = new VehiclesRepository(sql);
    this.infractions = new InfractionsRepository(sql);
  }

  async searchDrivers(
    search: string | undefined,
    sort: DriverSort,
    page: PageRequest,
    system: DriverSystemFilter = 'exclude',
  ): Promise<Page<Driver>> {
    const term = search?.trim() || undefined;
    const version = this.driverSearch?.version;
    if (term && version !== undefined && this.driverSearch) {
      const { ids, total } = this.driverSearch.index.search(term, sort, page, system);
      const found = await this.drivers.byIdsWithVersion(ids);
      // A change committed since the projection's version: SQL answers until the notice is applied.
      if (found.version === version) return { items: found.rows.map(toDriver), total, ...page };
    }
    const { rows, total } = await this.drivers.search(
      term,
      term ? sort : sort === 'relevance' ? 'name' : sort,
      page,
      system,
    );
    return { items: rows.map(toDriver), total, ...page };
  }

  async driver(id: string) {
    const row = await this.drivers.findById(id);
    if (!row) throw notFound('Driver');
    const [last30, last90] = await Promise.all([
      this.drivers.summary(row.external_id, new Date(Date.now() - 30 * DAY)),
      this.drivers.summary(row.external_id, new Date(Date.now() - 90 * DAY)),
    ]);
    return {
      ...toDriver(row),
      summary: {
        lastEventAt: last90.last_event_at,
        events30d: last30.events,
        infractions30d: last30.infractions,
        events90d: last90.events,
        infractions90d: last90.infractions,
        recentVehicles: last90.vehicles.map((v) => ({
          id: v.id,
          plate: v.registration_number,
          description: v.description,
          events: v.events,
        })),
      },
    };
  }

  /** The driver's infractions in the period (newest first) with the period's summary and daily series. */
  async driverInfractions(id: string, filter: InfractionFilter, page: PageRequest, timeZone: string) {
    const row = await this.drivers.findById(id);
    if (!row) throw notFound('Driver');
    const [items, byType, byDay] = await Promise.all([
      this.infractions.list(row.external_id, filter, page.pageSize, (page.page - 1) * page.pageSize),
      this.infractions.countsByType(row.external_id, filter),
      this.infractions.countsByDay(row.external_id, filter, timeZone),
    ]);
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const t of byType) if (t.severity) bySeverity[t.severity] += t.count;
    const total = byType.reduce((sum, t) => sum + t.count, 0);
    return {
      driver: toDriver(row),
      period: { from: filter.from, to: filter.to, timeZone },
      items: items.map((i) => ({
        id: i.id,
        externalId: i.external_id,
        source: i.source,
        type: { externalId: i.type_external_id, label: i.type_label, severity: i.severity },
        startedAt: i.started_at,
        endedAt: i.ended_at,
        durationSeconds:
          i.total_time_seconds ??
          (i.started_at && i.ended_at ? Math.round((+i.ended_at - +i.started_at) / 1000) : null),
        speedKmh: i.speed_kmh,
        speedLimitKmh: i.speed_limit_kmh,
        value: i.value,
        valueUnits: i.value_units,
        limit: i.limit_value,
        details: i.details,
        justification:
          i.justification !== null
            ? { text: i.justification, justifiedAt: i.justified_at as Date, justifiedBy: i.justified_by }
            : null,
        latitude: i.latitude,
        longitude: i.longitude,
        address: i.address,
        vehicle: i.vehicle_external_id
          ? {
              id: i.vehicle_id,
              externalId: i.vehicle_external_id,
              plate: i.registration_number,
              description: i.vehicle_description,
            }
          : null,
      })),
      total,
      page: page.page,
      pageSize: page.pageSize,
      summary: {
        total,
        points: SEVERITIES.reduce((sum, s) => sum + bySeverity[s] * SEVERITY_POINTS[s], 0),
        bySeverity,
        byType: byType.map((t) => ({
          externalId: t.type_external_id,
          label: t.label,
          severity: t.severity,
          count: t.count,
        })),
        byDay: byDay.map((d) => ({ day: d.day, severity: d.severity, count: d.count })),
      },
    };
  }

  async ranking(period: Period, page: PageRequest, sort?: string) {
    const rows = await this.infractions.ranking(
      period,
      SEVERITY_POINTS,
      page.pageSize,
      (page.page - 1) * page.pageSize,
      sort,
    );
    return {
      items: rows.map((r) => ({
        position: r.position,
        driver: {
          id: r.driver_id,
          externalId: r.external_id,
          name: r.name,
          employeeNumber: r.employee_number,
        },
        infractions: r.infractions,
        derived: r.derived,
        score: r.score,
        bySeverity: { leve: r.leve, media: r.media, grave: r.grave, gravissima: r.gravissima },
      })),
      total: rows[0]?.total ?? 0,
      ...page,
      points: SEVERITY_POINTS,
    };
  }

  async searchVehicles(
    search: string | undefined,
    page: PageRequest,
    sort: VehicleSort = 'plate',
  ): Promise<Page<Vehicle>> {
    const { rows, total } = await this.vehicles.search(search?.trim() || undefined, page, sort);
    return { items: rows.map(toVehicle), total, ...page };
  }

  async vehicle(id: string) {
    const row = await this.vehicles.findById(id);
    if (!row) throw notFound('Vehicle');
    const recent = await this.vehicles.recentEvents(row.external_id, new Date(Date.now() - 30 * DAY));
    return { ...toVehicle(row), summary: { events30d: recent.events, lastEventAt: recent.last_event_at } };
  }
}
