import { AppError, badRequest, conflict, notFound, type Page, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { type AssignmentRow, AssignmentsRepository } from './assignments.repository';

export const toAssignment = (r: AssignmentRow) => ({
  id: r.id,
  source: r.source,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  driver: { id: r.driver_id, name: r.driver_name },
  vehicle: { id: r.vehicle_id, plate: r.plate, description: r.vehicle_description },
});

export type Assignment = ReturnType<typeof toAssignment>;

export interface AssignmentInput {
  driverId: string;
  /** Absent: from now on, closing the vehicle's open manual assignment at this instant. */
  startsAt?: Date;
  endsAt?: Date | null;
  note?: string | null;
}

const overlap = () =>
  conflict(
    'assignment_overlap',
    'The vehicle already has a driver assigned in that period. End or correct that assignment first, or pick other dates.',
  );

/** Who drove which vehicle from when to when: at most one manual assignment per vehicle at a time. */
export class AssignmentsService {
  private readonly repository: AssignmentsRepository;

  constructor(sql: Sql) {
    this.repository = new AssignmentsRepository(sql);
  }

  async list(of: { vehicleId: string } | { driverId: string }, page: PageRequest): Promise<Page<Assignment>> {
    const [table, id] =
      'vehicleId' in of ? (['vehicles', of.vehicleId] as const) : (['drivers', of.driverId] as const);
    if (!(await this.repository.exists(table, id)))
      throw notFound(table === 'vehicles' ? 'Vehicle' : 'Driver');
    const { rows, total } = await this.repository.list(of, page);
    return { items: rows.map(toAssignment), total, ...page };
  }

  async create(vehicleId: string, input: AssignmentInput, by: string | null): Promise<Assignment> {
    if (!(await this.repository.exists('vehicles', vehicleId))) throw notFound('Vehicle');
    if (!(await this.repository.exists('drivers', input.driverId)))
      throw badRequest('unknown_driver', 'No driver has that id; pick one from /api/drivers.');
    const fromNow = input.startsAt === undefined;
    const startsAt = input.startsAt ?? new Date();
    const endsAt = input.endsAt ?? null;
    if (endsAt && endsAt <= startsAt)
      throw badRequest('invalid_period', 'The assignment must end after it starts.');
    const id = await this.repository
      .insert(
        { vehicleId, driverId: input.driverId, startsAt, endsAt, note: input.note ?? null, createdBy: by },
        fromNow,
      )
      .catch(translate);
    return this.get(id);
  }

  async get(id: string): Promise<Assignment> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound('Assignment');
    return toAssignment(row);
  }

  /** Ends an open manual assignment now (or at `at`, after its start). */
  async end(id: string, at?: Date): Promise<Assignment> {
    const current = await this.manual(id);
    if (current.ends_at)
      throw conflict('assignment_closed', 'This assignment has already ended; nothing to end.');
    const endsAt = at ?? new Date();
    if (endsAt <= current.starts_at)
      throw badRequest('invalid_period', 'The assignment must end after it starts.');
    if (!(await this.repository.end(id, endsAt).catch(translate)))
      throw conflict('assignment_closed', 'This assignment has already ended; nothing to end.');
    return this.get(id);
  }

  /** Deletes a wrong manual assignment (vendor ones come back with the next synchronisation). */
  async remove(id: string): Promise<void> {
    await this.manual(id);
    if (!(await this.repository.remove(id))) throw notFound('Assignment');
  }

  private async manual(id: string): Promise<AssignmentRow> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound('Assignment');
    if (row.source !== 'manual')
      throw conflict(
        'assignment_not_manual',
        'This assignment comes from MiX trips and is kept as MiX sends it; it cannot be changed here.',
      );
    return row;
  }
}

function translate(error: unknown): never {
  const e = error as { code?: string; constraint_name?: string };
  if (e.code === '23P01') throw overlap();
  if (e.code === '23514' && e.constraint_name === 'vehicle_driver_assignments_period')
    throw badRequest('invalid_period', 'The assignment must end after it starts.');
  if (e.code === '23503')
    throw badRequest('unknown_driver', 'No driver has that id; pick one from /api/drivers.');
  if (e instanceof AppError) throw e;
  throw error;
}
