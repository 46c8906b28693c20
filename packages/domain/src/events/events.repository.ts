import type { EventSource } from '@pioneira/contracts/enums';
import { offsetOf, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

export interface EventFilter {
  driver?: string;
  vehicle?: string;
  type?: string;
  source?: EventSource;
  from?: Date;
  to?: Date;
}

export interface EventRow {
  id: string;
  source: string;
  external_id: string;
  driver_external_id: string | null;
  driver_name: string | null;
  vehicle_external_id: string | null;
  vehicle_plate: string | null;
  event_type_external_id: string | null;
  event_type_description: string | null;
  category: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  latitude: number | null;
  longitude: number | null;
  speed_kmh: number | null;
  speed_limit_kmh: number | null;
  value: number | null;
  value_units: string | null;
  total_time_seconds: number | null;
  address: string | null;
}

export interface EventTypeRow {
  id: string;
  source: string;
  external_id: string;
  description: string;
  event_type: string | null;
  display_units: string | null;
  is_infraction: boolean;
  severity: string | null;
  label: string | null;
}

/** telemetry_events joined (by external id, there are no foreign keys) to names for display. */
export class EventsRepository {
  constructor(private readonly sql: Sql) {}

  async list(filter: EventFilter, page: PageRequest): Promise<{ rows: EventRow[]; total: number }> {
    const sql = this.sql;
    const where = sql`
      WHERE (${filter.driver ?? null}::text IS NULL OR e.driver_external_id = ${filter.driver ?? null})
        AND (${filter.vehicle ?? null}::text IS NULL OR e.vehicle_external_id = ${filter.vehicle ?? null})
        AND (${filter.type ?? null}::text IS NULL OR e.event_type_external_id = ${filter.type ?? null})
        AND (${filter.source ?? null}::text IS NULL OR e.source = ${filter.source ?? null})
        AND (${filter.from ?? null}::timestamptz IS NULL OR e.started_at >= ${filter.from ?? null})
        AND (${filter.to ?? null}::timestamptz IS NULL OR e.started_at < ${filter.to ?? null})`;
    const rows = await sql<EventRow[]>`
      SELECT e.id, e.source, e.external_id, e.driver_external_id, d.name AS driver_name, e.vehicle_external_id,
        v.registration_number AS vehicle_plate, e.event_type_external_id, t.description AS event_type_description,
        e.category, e.started_at, e.ended_at, e.latitude, e.longitude, e.speed_kmh, e.speed_limit_kmh, e.value,
        e.value_units, e.total_time_seconds, e.address
      FROM telemetry_events e
      LEFT JOIN drivers d ON d.external_id = e.driver_external_id
      LEFT JOIN vehicles v ON v.external_id = e.vehicle_external_id
      LEFT JOIN event_types t ON t.external_id = e.event_type_external_id
      ${where}
      ORDER BY e.started_at DESC NULLS LAST, e.id DESC
      LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    const [{ total }] = await sql<
      { total: number }[]
    >`SELECT count(*)::int AS total FROM telemetry_events e ${where}`;
    return { rows, total };
  }

  async types(): Promise<EventTypeRow[]> {
    return this.sql<EventTypeRow[]>`
      SELECT id, source, external_id, description, event_type, display_units, is_infraction, severity, label
      FROM event_types ORDER BY description`;
  }

  /** Changes how an event type counts; the MiX sync never overwrites these three columns. */
  async classify(
    id: string,
    changes: Partial<{ is_infraction: boolean; severity: string | null; label: string | null }>,
  ): Promise<EventTypeRow | undefined> {
    const keys = Object.keys(changes) as (keyof typeof changes)[];
    const [row] = await this.sql<EventTypeRow[]>`
      UPDATE event_types SET ${this.sql(changes, keys)}, updated_at = now() WHERE id = ${id}
      RETURNING id, source, external_id, description, event_type, display_units, is_infraction, severity, label`;
    return row;
  }
}
