import { SEVERITY_POINTS, type Severity } from '@pioneira/contracts/enums';
import { notFound, type Period } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

export interface Scorecard {
  driver: { id: string; externalId: string; name: string };
  period: { from: Date; to: Date; timeZone: string };
  distanceKm: number;
  drivingMinutes: number;
  infractions: number;
  points: number;
  /** Infractions per 100 km driven; null when no distance was recorded in the period. */
  infractionsPer100Km: number | null;
  bySource: Record<string, number>;
  byType: Array<{
    externalId: string;
    label: string;
    severity: Severity | null;
    count: number;
    per100Km: number | null;
  }>;
}

const per100 = (count: number, km: number) => (km > 0 ? Math.round((count / km) * 100 * 100) / 100 : null);

/**
 * A driver's scorecard over a period: infractions of every source (MiX, rules, trackers) against
 * the distance the platform saw the driver drive (the rules' driving periods, any vehicle).
 */
export async function driverScorecard(
  sql: Sql,
  driverId: string,
  period: Period & { timeZone: string },
): Promise<Scorecard> {
  const [driver] = await sql<Array<{ id: string; external_id: string; name: string }>>`
    SELECT id, external_id, name FROM drivers WHERE id = ${driverId}`;
  if (!driver) throw notFound('Driver');
  const [[driving], types] = await Promise.all([
    sql<Array<{ metres: number; minutes: number }>>`
      SELECT coalesce(sum(distance_m), 0)::float8 AS metres,
             coalesce(sum(extract(epoch FROM ended_at - started_at)) / 60, 0)::float8 AS minutes
      FROM driver_activity
      WHERE driver_external_id = ${driver.external_id} AND started_at >= ${period.from} AND started_at < ${period.to}`,
    sql<Array<{ type: string; label: string; severity: Severity | null; source: string; count: number }>>`
      SELECT e.event_type_external_id AS type, coalesce(et.label, et.description) AS label, et.severity, e.source,
             count(*)::int AS count
      FROM telemetry_events e
      JOIN event_types et ON et.external_id = e.event_type_external_id AND et.is_infraction
      WHERE e.driver_external_id = ${driver.external_id} AND e.started_at >= ${period.from} AND e.started_at < ${period.to}
      GROUP BY 1, 2, 3, 4`,
  ]);
  const km = Math.round((driving.metres / 1000) * 10) / 10;
  const bySource: Record<string, number> = {};
  const byType = new Map<string, Scorecard['byType'][number]>();
  let infractions = 0;
  let points = 0;
  for (const t of types) {
    infractions += t.count;
    points += t.severity ? SEVERITY_POINTS[t.severity] * t.count : 0;
    bySource[t.source] = (bySource[t.source] ?? 0) + t.count;
    const seen = byType.get(t.type);
    if (seen) seen.count += t.count;
    else
      byType.set(t.type, {
        externalId: t.type,
        label: t.label,
        severity: t.severity,
        count: t.count,
        per100Km: null,
      });
  }
  for (const t of byType.values()) t.per100Km = per100(t.count, km);
  return {
    driver: { id: String(driver.id), externalId: driver.external_id, name: driver.name },
    period,
    distanceKm: km,
    drivingMinutes: Math.round(driving.minutes),
    infractions,
    points,
    infractionsPer100Km: per100(infractions, km),
    bySource,
    byType: [...byType.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
  };
}
