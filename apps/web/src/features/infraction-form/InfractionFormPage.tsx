'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Spinner, useToast } from '@/components';
import { saveBlob } from '@/lib/download';
import { useErrorMessage } from '@/lib/errors';
import { eventTypeLabel } from '@/lib/event-type-labels';
import { type Formatters, useFormat } from '@/lib/format';
import { useDayFormat } from '@/lib/hooks/useDayFormat';
import { useQueryState } from '@/lib/hooks/useQueryState';
import { useI18n, useT } from '@/lib/i18n';
import { readPeriod } from '@/lib/period';
import { readSelection } from '../drivers/infractions-query';
import { useTypeOptions } from '../drivers/useTypeOptions';
import { FormSheet } from './FormSheet';
import { formContent } from './form-content';
import { formPdf } from './form-pdf';
import { useFormData } from './useFormData';
import '@/styles/fleet.css';
import './form.css';

const ORGANISATION_KEY = 'pioneira_form_organisation';

/** "Formulário de infrações": the print-ready A4 sheet, with Print and Download PDF. */
export function InfractionFormPage({ id }: { id: string }) {
  const t = useT();
  const userFormat = useFormat();
  const { locale } = useI18n();
  const day = useDayFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { params } = useQueryState();
  // The form's link names its time zone, so a printout reads the same wherever it is opened.
  const timeZone = validZone(params.get('tz')) ?? userFormat.timeZone;
  const format = useMemo(() => inZone(userFormat, locale, timeZone), [userFormat, locale, timeZone]);
  const selection = readSelection(params, timeZone);
  const period = readPeriod(params, timeZone);
  const query = {
    from: period.from,
    to: period.to,
    tz: timeZone,
    types: selection.types,
    severity: selection.severity,
  };
  const { data, loading, error } = useFormData(id, query);
  const types = useTypeOptions(data?.summary.byType);
  const [organisation, setOrganisation] = useState('');
  const [observations, setObservations] = useState('');
  const [working, setWorking] = useState(false);

  useEffect(() => {
    setOrganisation(localStorage.getItem(ORGANISATION_KEY) ?? '');
  }, []);
  const changeOrganisation = (value: string) => {
    setOrganisation(value);
    localStorage.setItem(ORGANISATION_KEY, value);
  };

  const backHref = `/drivers/${encodeURIComponent(id)}?${new URLSearchParams({
    period: 'custom',
    from: period.from,
    to: period.to,
    ...(selection.types.length ? { types: selection.types.join(',') } : {}),
    ...(selection.severity.length ? { severity: selection.severity.join(',') } : {}),
  })}`;

  if (error) return <Alert>{errorMessage(error)}</Alert>;
  if (!data) return <Spinner label={t('common.loading')} />;

  const content = formContent({
    // Built-in types named in the form's language.
    data: {
      ...data,
      items: data.items.map((item) => ({
        ...item,
        type: { ...item.type, label: eventTypeLabel(locale, item.type.externalId, item.type.label) },
      })),
    },
    from: period.from,
    to: period.to,
    timeZone,
    organisation,
    observations,
    typeLabels: selection.types.map((type) => types.find((o) => o.externalId === type)?.label ?? type),
    severities: selection.severity,
    day,
    t,
    format,
  });

  const downloadPdf = async () => {
    setWorking(true);
    try {
      const doc = await formPdf(content, (page, pages) => t('form.page', { page, pages }));
      saveBlob(doc.output('blob'), content.fileName);
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    } finally {
      setWorking(false);
    }
  };

  return (
    <div className="form-page">
      <div className="form-toolbar no-print">
        <Link href={backHref} className="back-link">
          ← {t('form.back')}
        </Link>
        <div className="form-toolbar__actions">
          <button type="button" className="btn btn--ghost" onClick={() => window.print()} disabled={loading}>
            {t('form.print')}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            onClick={downloadPdf}
            disabled={working || loading}
          >
            {t(working ? 'form.pdfWorking' : 'form.pdf')}
          </button>
        </div>
      </div>
      <FormSheet
        content={content}
        onOrganisationChange={changeOrganisation}
        onObservationsChange={setObservations}
      />
    </div>
  );
}

function validZone(zone: string | null): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** The user's formatters, but with times shown in the form's time zone. */
function inZone(format: Formatters, locale: string, timeZone: string): Formatters {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone });
  return {
    ...format,
    timeZone,
    dateTime: (value, fallback = '—') => {
      if (value === null || value === undefined || value === '') return fallback;
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? fallback : dateTime.format(date);
    },
  };
}
