import { conflict, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { type DriverFields, DriversRepository } from './drivers.repository';
import type { FleetService } from './fleet.service';
import { type VehicleFields, VehiclesRepository } from './vehicles.repository';

const notManual = (what: 'vehicle' | 'driver') =>
  conflict(
    `${what}_not_manual`,
    `This ${what} comes from MiX and is updated by its synchronisation; change it in MiX.`,
  );

/** Registers and edits the vehicles and drivers kept in Pioneira itself; marks system drivers. */
export class FleetAdminService {
  private readonly vehicles: VehiclesRepository;
  private readonly drivers: DriversRepository;

  constructor(
    sql: Sql,
    private readonly fleet: FleetService,
    /** Called after a vehicle changed (other processes learn of a plate change by NOTIFY). */
    private readonly onVehicleChange: () => void = () => {},
  ) {
    this.vehicles = new VehiclesRepository(sql);
    this.drivers = new DriversRepository(sql);
  }

  async createVehicle(fields: VehicleFields & { description: string }) {
    if (fields.plate) await this.uniquePlate(fields.plate, null);
    return this.fleet.vehicle(await this.vehicles.insert(fields));
  }

  /** Only manual vehicles: MiX's would be overwritten by the next synchronisation. */
  async updateVehicle(id: string, fields: Omit<VehicleFields, 'category'>) {
    const row = await this.vehicles.findById(id);
    if (!row) throw notFound('Vehicle');
    if (row.source !== 'manual') throw notManual('vehicle');
    if (fields.plate) await this.uniquePlate(fields.plate, id);
    await this.vehicles.update(id, fields);
    this.onVehicleChange();
    return this.fleet.vehicle(id);
  }

  async createDriver(fields: DriverFields & { name: string }) {
    return this.fleet.driver(await this.drivers.insert(fields));
  }

  /**
   * Edits a manual driver's fields; `system` (true, false, or null for automatic) may be set on any
   * driver, MiX's included, since it is Pioneira's own judgement.
   */
  async updateDriver(id: string, fields: DriverFields & { system?: boolean | null }) {
    const row = await this.drivers.findById(id);
    if (!row) throw notFound('Driver');
    const { system, ...own } = fields;
    if (Object.keys(own).length > 0 && row.source !== 'manual') throw notManual('driver');
    await this.drivers.update(id, { ...own, systemOverride: system });
    return this.fleet.driver(id);
  }

  private async uniquePlate(plate: string, exceptId: string | null) {
    if (await this.vehicles.plateTaken(plate, exceptId))
      throw conflict('plate_taken', `Another vehicle already has the plate ${plate}.`);
  }
}
