import Link from 'next/link';
import type { Column } from '@/components';
import type { Translate } from '@/lib/i18n';
import { SEVERITIES } from '@/lib/severity';
import type { RankingRow } from '../fleet/fleet.api';
import { ScoreBar } from './ScoreBar';

/** Position, driver (link to the driver's infractions in the same period), counts per severity, score. */
export function rankingColumns(t: Translate, max: number, driverQuery: string): Column<RankingRow>[] {
  return [
    {
      key: 'position',
      header: t('ranking.col.position'),
      align: 'end',
      render: (row) => (
        <span className={`position ${row.position <= 3 ? 'position--podium' : ''}`}>{row.position}</span>
      ),
    },
    {
      key: 'driver',
      header: t('ranking.col.driver'),
      render: (row) => (
        <span className="ranking-driver">
          <Link href={`/drivers/${row.driver.id}${driverQuery}`} className="cell-strong">
            {row.driver.name}
          </Link>
          {row.driver.employeeNumber && (
            <span className="cell-muted">
              {t('drivers.employeeNumber')} {row.driver.employeeNumber}
            </span>
          )}
        </span>
      ),
    },
    ...SEVERITIES.map(
      (severity): Column<RankingRow> => ({
        key: severity,
        header: t(`severity.${severity}`),
        align: 'end',
        render: (row) => row.bySeverity[severity] || <span className="cell-muted">0</span>,
      }),
    ),
    {
      key: 'infractions',
      header: t('ranking.col.infractions'),
      align: 'end',
      render: (row) => row.infractions,
    },
    {
      key: 'derived',
      header: t('source.rules'),
      align: 'end',
      render: (row) => row.derived || <span className="cell-muted">0</span>,
    },
    {
      key: 'score',
      header: t('ranking.col.score'),
      render: (row) => <ScoreBar score={row.score} max={max} />,
    },
  ];
}
