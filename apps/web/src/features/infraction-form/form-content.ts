import type { Formatters } from '@/lib/format';
import type { Translate } from '@/lib/i18n';
import { SEVERITIES, SEVERITY_POINTS, type Severity } from '@/lib/severity';
import type { InfractionsPage } from '../fleet/fleet.api';
import {
  formatDuration,
  formatPlace,
  formatSpeed,
  measureOf,
  sourceLabel,
  vehicleName,
} from '../fleet/infraction-format';

export interface Labelled {
  label: string;
  value: string;
}

/**
 * Everything the infraction form says, already translated and formatted: the page and the PDF are
 * both drawn from it, so the printout and the download cannot disagree.
 */
export interface FormContent {
  brand: string;
  title: string;
  organisation: string;
  issued: Labelled;
  driver: Labelled[];
  period: Labelled[];
  listTitle: string;
  columns: string[];
  rows: { cells: string[]; severity: Severity | null }[];
  empty: string;
  note: string | null;
  /** The justified rows (their number in the table) and why, printed under the table. */
  justifications: string[];
  totalsTitle: string;
  totals: { label: string; count: number; points: number; severity: Severity | null }[];
  grandTotal: { label: string; count: number; points: number };
  pointsLabel: string;
  observations: Labelled;
  acknowledgement: string;
  signatures: { label: string; name: string; dateLine: string }[];
  fileName: string;
}

export interface FormInput {
  data: InfractionsPage;
  from: string;
  to: string;
  timeZone: string;
  organisation: string;
  observations: string;
  /** Labels of the chosen types and the chosen severities (empty: no filter). */
  typeLabels: string[];
  severities: Severity[];
  day: (date: string) => string;
  t: Translate;
  format: Formatters;
  now?: Date;
}

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function formContent(input: FormInput): FormContent {
  const { data, t, format, day } = input;
  const { driver, summary } = data;
  const filters = [...input.typeLabels, ...input.severities.map((s) => t(`severity.${s}`))];
  const totals = SEVERITIES.map((severity) => ({
    label: t(`severity.${severity}`),
    count: summary.bySeverity[severity],
    points: summary.bySeverity[severity] * SEVERITY_POINTS[severity],
    severity: severity as Severity | null,
  }));
  return {
    brand: t('app.name'),
    title: t('form.title'),
    organisation: input.organisation.trim(),
    issued: { label: t('form.issuedAt'), value: format.dateTime(input.now ?? new Date()) },
    driver: [
      { label: t('form.driver'), value: driver.name },
      { label: t('drivers.employeeNumber'), value: driver.employeeNumber ?? '—' },
      { label: t('drivers.mixId'), value: driver.externalId },
    ],
    period: [
      { label: t('form.period'), value: t('period.range', { from: day(input.from), to: day(input.to) }) },
      { label: t('form.timeZone'), value: input.timeZone },
      { label: t('form.filters'), value: filters.length ? filters.join(', ') : t('form.noFilters') },
    ],
    listTitle: t('form.list'),
    columns: [
      t('form.col.number'),
      t('infractions.col.when'),
      t('infractions.col.type'),
      t('infractions.col.severity'),
      t('infractions.col.duration'),
      t('infractions.col.speed'),
      t('infractions.col.place'),
      t('infractions.col.vehicle'),
      t('infractions.col.source'),
    ],
    rows: data.items.map((item, index) => ({
      severity: item.type.severity,
      cells: [
        String(index + 1),
        format.dateTime(item.startedAt),
        [
          measureOf(item, t) ? `${item.type.label} (${measureOf(item, t)})` : item.type.label,
          item.justification ? t('form.justifiedMark') : null,
        ]
          .filter(Boolean)
          .join(' '),
        t(item.type.severity ? `severity.${item.type.severity}` : 'severity.none'),
        formatDuration(item.durationSeconds),
        formatSpeed(item),
        item.address ?? formatPlace(item),
        vehicleName(item),
        sourceLabel(item.source, t),
      ],
    })),
    empty: t('form.none'),
    justifications: data.items.flatMap((item, index) =>
      item.justification ? [t('form.justified', { n: index + 1, text: item.justification.text })] : [],
    ),
    note:
      data.items.length < data.total
        ? t('form.truncated', { count: data.items.length, total: data.total })
        : null,
    totalsTitle: t('form.totals'),
    totals,
    grandTotal: { label: t('form.totalInfractions'), count: summary.total, points: summary.points },
    pointsLabel: t('infractions.points'),
    observations: { label: t('form.observations'), value: input.observations },
    acknowledgement: t('form.acknowledgement'),
    signatures: [
      { label: t('form.driverSignature'), name: driver.name, dateLine: t('form.dateLine') },
      { label: t('form.managerSignature'), name: '', dateLine: t('form.dateLine') },
    ],
    fileName: `infracoes-${slug(driver.name) || driver.id}-${input.from}-${input.to}.pdf`,
  };
}
