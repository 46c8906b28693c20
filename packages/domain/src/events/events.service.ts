import type { Page, PageRequest } from '@pioneira/core';
import { badRequest, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { Severity } from '../fleet/severity';
import { type EventFilter, type EventRow, EventsRepository, type EventTypeRow } from './events.repository';

export interface TelemetryEvent {
  id: string;
  source: string;
  externalId: string;
  driver: { externalId: string; name: string | null } | null;
  vehicle: { externalId: string; plate: string | null } | null;
  eventType: { externalId: string; description: string | null } | null;
  category: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  latitude: number | null;
  longitude: number | null;
  speedKmh: number | null;
  speedLimitKmh: number | null;
  value: number | null;
  valueUnits: string | null;
  totalTimeSeconds: number | null;
  address: string | null;
}

export interface EventType {
  id: string;
  source: string;
  externalId: string;
  description: string;
  eventType: string | null;
  displayUnits: string | null;
  isInfraction: boolean;
  severity: string | null;
  label: string | null;
}

/** Telemetry events and the event-type catalogue, for the dashboard. */
export class EventsService {
  private readonly repo: EventsRepository;

  constructor(sql: Sql) {
    this.repo = new EventsRepository(sql);
  }

  async list(filter: EventFilter, page: PageRequest): Promise<Page<TelemetryEvent>> {
    const { rows, total } = await this.repo.list(filter, page);
    return { items: rows.map(toEvent), total, ...page };
  }

  async types(): Promise<EventType[]> {
    return (await this.repo.types()).map(toType);
  }

  /** An admin's decision: whether the type is an infraction, its severity and its display label. */
  async classify(
    id: string,
    changes: { isInfraction?: boolean; severity?: Severity | null; label?: string | null },
  ): Promise<EventType> {
    if (changes.isInfraction === true && changes.severity === null)
      throw badRequest(
        'severity_required',
        'An infraction needs a severity (leve, media, grave or gravissima).',
      );
    const row = await this.repo.classify(id, {
      ...(changes.isInfraction !== undefined && { is_infraction: changes.isInfraction }),
      ...(changes.severity !== undefined && { severity: changes.severity }),
      ...(changes.label !== undefined && { label: changes.label?.trim() || null }),
    });
    if (!row) throw notFound('Event type');
    return toType(row);
  }
}

const toEvent = (r: EventRow): TelemetryEvent => ({
  id: String(r.id),
  source: r.source,
  externalId: r.external_id,
  driver: r.driver_external_id ? { externalId: r.driver_external_id, name: r.driver_name } : null,
  vehicle: r.vehicle_external_id ? { externalId: r.vehicle_external_id, plate: r.vehicle_plate } : null,
  eventType: r.event_type_external_id
    ? { externalId: r.event_type_external_id, description: r.event_type_description }
    : null,
  category: r.category,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  latitude: r.latitude,
  longitude: r.longitude,
  speedKmh: r.speed_kmh,
  speedLimitKmh: r.speed_limit_kmh,
  value: r.value,
  valueUnits: r.value_units,
  totalTimeSeconds: r.total_time_seconds,
  address: r.address,
});

const toType = (r: EventTypeRow): EventType => ({
  id: String(r.id),
  source: r.source,
  externalId: r.external_id,
  description: r.description,
  eventType: r.event_type,
  displayUnits: r.display_units,
  isInfraction: r.is_infraction,
  severity: r.severity,
  label: r.label,
});
