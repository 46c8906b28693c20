'use client';

import Link from 'next/link';
import { Card, Kpi } from '@/components';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import type { DriverDetail } from '../fleet/fleet.api';

/** Who the driver is (name, employee number, MiX id) and the last 30/90 days at a glance. */
export function DriverFacts({ driver }: { driver: DriverDetail }) {
  const t = useT();
  const format = useFormat();
  const { summary } = driver;
  return (
    <div className="driver-facts">
      <dl className="facts">
        {driver.isSystemDriver && (
          <div>
            <dd>
              <span className="badge badge--info">{t('drivers.systemDriver')}</span>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('drivers.employeeNumber')}</dt>
          <dd>{driver.employeeNumber ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('drivers.mixId')}</dt>
          <dd>
            <code>{driver.externalId}</code>
          </dd>
        </div>
        {(driver.mobileNumber || driver.email) && (
          <div>
            <dt>{t('drivers.contact')}</dt>
            <dd>{[driver.mobileNumber, driver.email].filter(Boolean).join(' · ')}</dd>
          </div>
        )}
        <div>
          <dt>{t('drivers.lastEvent')}</dt>
          <dd>{format.dateTime(summary.lastEventAt)}</dd>
        </div>
      </dl>
      <div className="kpi-row">
        <Kpi
          label={t('drivers.infractions30d')}
          value={format.number(summary.infractions30d)}
          tone={summary.infractions30d ? 'warning' : 'good'}
        />
        <Kpi label={t('drivers.infractions90d')} value={format.number(summary.infractions90d)} />
        <Kpi label={t('drivers.events30d')} value={format.number(summary.events30d)} />
      </div>
      {summary.recentVehicles.length > 0 && (
        <Card title={t('drivers.recentVehicles')} className="recent-vehicles">
          <ul>
            {summary.recentVehicles.slice(0, 5).map((vehicle) => (
              <li key={vehicle.id ?? vehicle.plate ?? vehicle.description}>
                <strong>{vehicle.plate ?? '—'}</strong>{' '}
                <span className="cell-muted">{vehicle.description}</span>{' '}
                <span className="cell-muted">· {t('drivers.vehicleEvents', { count: vehicle.events })}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

/** "← Motoristas", kept as a plain link so it opens in a new tab too. */
export function BackToDrivers() {
  const t = useT();
  return (
    <Link href="/drivers" className="back-link">
      ← {t('drivers.back')}
    </Link>
  );
}
