'use client';

import Link from 'next/link';
import { Card } from '@/components';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import type { DriverDetail } from '../fleet/fleet.api';

/**
 * Who the driver is (employee number, MiX id, contact, activity) and the vehicles driven lately. The
 * infraction counts live once, for the chosen period, in the page's own KPIs below the filters.
 */
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
        <div>
          <dt>{t('drivers.events30d')}</dt>
          <dd>{format.number(summary.events30d)}</dd>
        </div>
      </dl>
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
