import { offsetOf, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

export interface AssignmentRow {
  id: string;
  vehicle_id: string;
  driver_id: string;
  source: 'manual' | 'mix';
  starts_at: Date;
  ends_at: Date | null;
  note: string | null;
  created_by: string | null;
  created_at: Date;
  driver_name: string;
  plate: string | null;
  vehicle_description: string;
}

export interface NewAssignment {
  vehicleId: string;
  driverId: string;
  startsAt: Date;
  endsAt: Date | null;
  note: string | null;
  createdBy: string | null;
}

/** All SQL about dated vehicle↔driver assignments (migration 013). */
export class AssignmentsRepository {
  constructor(private readonly sql: Sql) {}

  private select(sql: Sql) {
    return sql`
      SELECT a.id, a.vehicle_id, a.driver_id, a.source, a.starts_at, a.ends_at, a.note, a.created_by,
             a.created_at, d.name AS driver_name, v.registration_number AS plate,
             v.description AS vehicle_description
      FROM vehicle_driver_assignments a
      JOIN drivers d ON d.id = a.driver_id
      JOIN vehicles v ON v.id = a.vehicle_id`;
  }

  /** Newest first, of one vehicle or one driver. */
  async list(of: { vehicleId: string } | { driverId: string }, page: PageRequest) {
    const sql = this.sql;
    const where = 'vehicleId' in of ? sql`a.vehicle_id = ${of.vehicleId}` : sql`a.driver_id = ${of.driverId}`;
    const rows = await sql<AssignmentRow[]>`
      ${this.select(sql)}
      WHERE ${where}
      ORDER BY a.starts_at DESC, a.id DESC
      LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    const [{ n }] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM vehicle_driver_assignments a WHERE ${where}`;
    return { rows, total: n };
  }

  async findById(id: string): Promise<AssignmentRow | undefined> {
    const [row] = await this.sql<AssignmentRow[]>`${this.select(this.sql)} WHERE a.id = ${id}`;
    return row;
  }

  /**
   * Inserts a manual assignment. The vehicle's row is locked first, so assignments of one vehicle are
   * written one after the other: concurrent inserts into the exclusion constraint's index could
   * otherwise wait on each other and end in a deadlock instead of a clean refusal. With `closeOpen`
   * ("from now"), the start is taken once the lock is held (never before a start that committed
   * while this one waited) and the vehicle's open manual assignment that began before it is closed
   * there, in the same transaction. The exclusion constraint refuses overlaps (SQLSTATE 23P01).
   */
  async insert(a: NewAssignment, closeOpen: boolean): Promise<string> {
    return this.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM vehicles WHERE id = ${a.vehicleId} FOR UPDATE`;
      const startsAt = closeOpen ? new Date(Math.max(a.startsAt.getTime(), Date.now())) : a.startsAt;
      if (closeOpen)
        await tx`
          UPDATE vehicle_driver_assignments SET ends_at = ${startsAt}
          WHERE vehicle_id = ${a.vehicleId} AND source = 'manual' AND ends_at IS NULL
            AND starts_at < ${startsAt}`;
      const [row] = await tx<{ id: string }[]>`
        INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, source, starts_at, ends_at, note, created_by)
        VALUES (${a.vehicleId}, ${a.driverId}, 'manual', ${startsAt}, ${a.endsAt}, ${a.note}, ${a.createdBy})
        RETURNING id`;
      return row.id;
    }) as Promise<string>;
  }

  /** Ends an open assignment; false when it is not open any more. */
  async end(id: string, at: Date): Promise<boolean> {
    const rows = await this.sql`
      UPDATE vehicle_driver_assignments SET ends_at = ${at} WHERE id = ${id} AND ends_at IS NULL`;
    return rows.count > 0;
  }

  async remove(id: string): Promise<boolean> {
    return (
      (await this.sql`DELETE FROM vehicle_driver_assignments WHERE id = ${id} AND source = 'manual'`).count >
      0
    );
  }

  async exists(table: 'vehicles' | 'drivers', id: string): Promise<boolean> {
    const rows = await this.sql`SELECT 1 FROM ${this.sql(table)} WHERE id = ${id}`;
    return rows.length > 0;
  }
}
