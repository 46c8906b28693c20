'use client';

import { Card } from '@/components';
import { apiFetch } from '@/lib/api';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import type { ReportQuery } from './reports.api';

interface Visit {
  geofenceId: string;
  geofenceName: string;
  deviceId: string;
  deviceName: string;
  vehicle: { id: string; plate: string | null; description: string } | null;
  enteredAt: string;
  exitedAt: string | null;
  durationSeconds: number;
}

const duration = (s: number) =>
  `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;

/** Visits to geofences in the report's period (the vehicle's, when one is chosen): time in, out, duration. */
export function GeofenceVisits({ query }: { query: ReportQuery }) {
  const t = useT();
  const format = useFormat();
  const vehicleId = query.subject.kind === 'vehicle' ? query.subject.id : undefined;
  const visits = useLoad(`${query.from}:${query.to}:${query.tz}:${vehicleId ?? ''}`, (signal) =>
    apiFetch<{ items: Visit[]; total: number }>('/api/reports/visits', {
      query: { from: query.from, to: query.to, tz: query.tz, vehicleId, pageSize: 100 },
      signal,
    }),
  );
  const items = visits.data?.items ?? [];
  return (
    <Card title={t('reports.visits')}>
      {visits.data && items.length === 0 && <p className="cell-muted">{t('reports.visits.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('reports.visits.geofence')}</th>
                  <th>{t('reports.visits.vehicle')}</th>
                  <th>{t('reports.visits.in')}</th>
                  <th>{t('reports.visits.out')}</th>
                  <th>{t('reports.visits.duration')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v) => (
                  <tr key={`${v.deviceId}:${v.geofenceId}:${v.enteredAt}`}>
                    <td>{v.geofenceName}</td>
                    <td>{v.vehicle?.plate ?? v.vehicle?.description ?? v.deviceName}</td>
                    <td>{format.dateTime(v.enteredAt)}</td>
                    <td>{v.exitedAt ? format.dateTime(v.exitedAt) : t('reports.visits.inside')}</td>
                    <td>{duration(v.durationSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {visits.data && visits.data.total > items.length && (
        <p className="cell-muted">
          {t('reports.visits.more', { shown: items.length, total: visits.data.total })}
        </p>
      )}
    </Card>
  );
}
