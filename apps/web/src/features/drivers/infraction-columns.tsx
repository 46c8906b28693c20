import { Badge, type Column } from '@/components';
import { SeverityBadge } from '@/components/SeverityBadge';
import type { Formatters } from '@/lib/format';
import type { Translate } from '@/lib/i18n';
import type { Infraction } from '../fleet/fleet.api';
import {
  formatDuration,
  formatPlace,
  formatSpeed,
  mapUrl,
  measureOf,
  sourceLabel,
  vehicleName,
} from '../fleet/infraction-format';
import { JustificationCell } from './JustificationCell';

/**
 * The infractions table: local time, type (with its justification, which admins and managers may
 * write), severity, duration, speed/limit, place (map link), vehicle.
 */
export function infractionColumns(
  t: Translate,
  format: Formatters,
  /** The type's name in the user's language (built-in types are translated). */
  typeLabel: (externalId: string, label: string) => string = (_id, label) => label,
  canJustify = false,
): Column<Infraction>[] {
  return [
    {
      key: 'when',
      header: t('infractions.col.when'),
      render: (row) => (
        <time className="nowrap" dateTime={row.startedAt ?? undefined}>
          {format.dateTime(row.startedAt)}
        </time>
      ),
    },
    {
      key: 'type',
      header: t('infractions.col.type'),
      render: (row) => (
        <>
          <span className="cell-strong">{typeLabel(row.type.externalId, row.type.label)}</span>
          {measureOf(row, t) && <span className="cell-muted infraction-measure">{measureOf(row, t)}</span>}
          {(row.justification || canJustify) && (
            <JustificationCell
              key={`${row.id}:${row.justification?.text ?? ''}`}
              row={row}
              canEdit={canJustify}
            />
          )}
        </>
      ),
    },
    {
      key: 'source',
      header: t('infractions.col.source'),
      render: (row) => (
        <Badge tone={row.source === 'rules' ? 'info' : 'neutral'}>{sourceLabel(row.source, t)}</Badge>
      ),
    },
    {
      key: 'severity',
      header: t('infractions.col.severity'),
      render: (row) => <SeverityBadge severity={row.type.severity} />,
    },
    {
      key: 'duration',
      header: t('infractions.col.duration'),
      align: 'end',
      render: (row) => <span className="nowrap">{formatDuration(row.durationSeconds)}</span>,
    },
    {
      key: 'speed',
      header: t('infractions.col.speed'),
      align: 'end',
      render: (row) => <span className="nowrap">{formatSpeed(row)}</span>,
    },
    {
      key: 'place',
      header: t('infractions.col.place'),
      render: (row) =>
        row.latitude === null || row.longitude === null ? (
          '—'
        ) : (
          <a
            href={mapUrl(row.latitude, row.longitude)}
            target="_blank"
            rel="noreferrer"
            title={[row.address, t('infractions.openMap', { lat: row.latitude, lon: row.longitude })]
              .filter(Boolean)
              .join(' · ')}
            className="place-link"
          >
            {row.address ?? formatPlace(row)}
          </a>
        ),
    },
    {
      key: 'vehicle',
      header: t('infractions.col.vehicle'),
      render: (row) => <span className="nowrap">{vehicleName(row)}</span>,
    },
  ];
}
