import type { Queryable } from '@pioneira/core';

/**
 * The parcel projection of the tracking events in relation `source` (tracking_code, status,
 * occurred_at): status = latest event by (occurred_at, stage rank); an older event never moves it
 * back; delivered_at and first_event_at only move earlier. Idempotent: replaying events changes nothing.
 */
export const projectParcels = (sql: Queryable, source: string) => sql`
  INSERT INTO parcels AS p (tracking_code, status, status_at, delivered_at, first_event_at, posted_at)
  SELECT DISTINCT ON (tracking_code) tracking_code, status, occurred_at,
    min(occurred_at) FILTER (WHERE status = 'delivered') OVER w,
    min(occurred_at) OVER w,
    min(occurred_at) FILTER (WHERE status = 'posted') OVER w
  FROM ${sql(source)}
  WINDOW w AS (PARTITION BY tracking_code)
  ORDER BY tracking_code, occurred_at DESC, parcel_status_rank(status) DESC
  ON CONFLICT (tracking_code) DO UPDATE SET
    status = CASE WHEN p.status_at IS NULL
      OR (EXCLUDED.status_at, parcel_status_rank(EXCLUDED.status)) > (p.status_at, parcel_status_rank(p.status))
      THEN EXCLUDED.status ELSE p.status END,
    status_at = CASE WHEN p.status_at IS NULL
      OR (EXCLUDED.status_at, parcel_status_rank(EXCLUDED.status)) > (p.status_at, parcel_status_rank(p.status))
      THEN EXCLUDED.status_at ELSE p.status_at END,
    delivered_at = LEAST(p.delivered_at, EXCLUDED.delivered_at),
    first_event_at = LEAST(p.first_event_at, EXCLUDED.first_event_at),
    posted_at = coalesce(p.posted_at, EXCLUDED.posted_at),
    updated_at = now()
  WHERE p.status_at IS NULL
    OR (EXCLUDED.status_at, parcel_status_rank(EXCLUDED.status)) > (p.status_at, parcel_status_rank(p.status))
    OR EXCLUDED.delivered_at < p.delivered_at OR (p.delivered_at IS NULL AND EXCLUDED.delivered_at IS NOT NULL)
    OR EXCLUDED.first_event_at < p.first_event_at OR p.first_event_at IS NULL
    OR (p.posted_at IS NULL AND EXCLUDED.posted_at IS NOT NULL)
  RETURNING p.tracking_code, p.status, p.status_at`;
