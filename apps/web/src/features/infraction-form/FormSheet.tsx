'use client';

import { useT } from '@/lib/i18n';
import type { FormContent } from './form-content';

/** The printable sheet (A4), drawn from the same content as the PDF. */
export function FormSheet({
  content,
  onOrganisationChange,
  onObservationsChange,
}: {
  content: FormContent;
  onOrganisationChange: (value: string) => void;
  onObservationsChange: (value: string) => void;
}) {
  const t = useT();
  return (
    <article className="form-sheet" aria-label={content.title}>
      <header className="form-sheet__header">
        <div className="form-sheet__brand">
          <span className="brand__mark" aria-hidden="true" />
          <div>
            <strong>{content.brand}</strong>
            <input
              className="form-sheet__organisation"
              aria-label={t('form.organisation')}
              placeholder={t('form.organisationPlaceholder')}
              value={content.organisation}
              onChange={(event) => onOrganisationChange(event.target.value)}
            />
          </div>
        </div>
        <div className="form-sheet__title">
          <h1>{content.title}</h1>
          <p>
            {content.issued.label}: {content.issued.value}
          </p>
        </div>
      </header>

      <dl className="form-sheet__fields">
        {[...content.driver, ...content.period].map((field) => (
          <div key={field.label}>
            <dt>{field.label}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>

      <h2 className="form-sheet__section">{content.listTitle}</h2>
      <table className="form-table">
        <thead>
          <tr>
            {content.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {content.rows.map((row) => (
            <tr key={row.cells[0]}>
              {row.cells.map((cell, index) => (
                <td
                  key={content.columns[index]}
                  className={
                    index === 3 ? `form-table__severity severity-text--${row.severity ?? 'none'}` : undefined
                  }
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
          {content.rows.length === 0 && (
            <tr>
              <td colSpan={content.columns.length} className="form-table__empty">
                {content.empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {content.note && <p className="form-sheet__note">{content.note}</p>}
      {content.justifications.map((line) => (
        <p key={line} className="form-sheet__note">
          {line}
        </p>
      ))}

      <div className="form-sheet__closing">
        <table className="form-totals">
          <caption>{content.totalsTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{t('infractions.col.severity')}</th>
              <th scope="col">#</th>
              <th scope="col">{content.pointsLabel}</th>
            </tr>
          </thead>
          <tbody>
            {content.totals.map((row) => (
              <tr key={row.label}>
                <th scope="row">
                  <span
                    className={`severity-dot severity-dot--${row.severity ?? 'none'}`}
                    aria-hidden="true"
                  />
                  {row.label}
                </th>
                <td>{row.count}</td>
                <td>{row.points}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{content.grandTotal.label}</th>
              <td>{content.grandTotal.count}</td>
              <td>{content.grandTotal.points}</td>
            </tr>
          </tfoot>
        </table>

        <section className="form-sheet__observations">
          <label htmlFor="form-observations">{content.observations.label}</label>
          <textarea
            id="form-observations"
            rows={5}
            placeholder={t('form.observationsPlaceholder')}
            value={content.observations.value}
            onChange={(event) => onObservationsChange(event.target.value)}
          />
          {/* A textarea prints clipped to its box: the printout shows this copy, which grows. */}
          <div className="form-sheet__observations-print" aria-hidden="true">
            {content.observations.value}
          </div>
        </section>

        <p className="form-sheet__ack">{content.acknowledgement}</p>
        <div className="form-sheet__signatures">
          {content.signatures.map((signature) => (
            <div key={signature.label} className="signature">
              <div className="signature__line" />
              <strong>{signature.label}</strong>
              {signature.name && <span>{signature.name}</span>}
              <span>{signature.dateLine}</span>
            </div>
          ))}
        </div>
      </div>
    </article>
  );
}
