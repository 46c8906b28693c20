'use client';

import { useRef, useState } from 'react';
import { Alert, Card, SelectField } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useT } from '@/lib/i18n';
import { ImportProgress } from './ImportProgress';
import { type ImportKind, type ParcelImport, uploadImport } from './parcels.api';

/** Upload of a parcels or tracking CSV, and the progress of the one just sent. */
export function ImportPanel({
  current,
  onUploaded,
}: {
  current: ParcelImport | null;
  onUploaded: (created: ParcelImport) => void;
}) {
  const t = useT();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<ImportKind>('parcels');
  const [file, setFile] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setSending(true);
    setError(null);
    try {
      onUploaded(await uploadImport(kind, file));
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('parcels.import.title')} className="import-card">
      <form className="import-form" onSubmit={submit}>
        <SelectField
          label={t('parcels.import.kind')}
          value={kind}
          onChange={(event) => setKind(event.target.value as ImportKind)}
          options={[
            { value: 'parcels', label: t('parcels.import.kind.parcels') },
            { value: 'tracking', label: t('parcels.import.kind.tracking') },
          ]}
        />
        <div className="field">
          <label htmlFor="import-file">{t('parcels.import.file')}</label>
          <input
            id="import-file"
            ref={input}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <p className="field__hint">{t('parcels.import.fileHint')}</p>
        </div>
        <button type="submit" className="btn btn--primary" disabled={!file || sending}>
          {t(sending ? 'parcels.import.sending' : 'parcels.import.send')}
        </button>
      </form>
      {error && <Alert>{error}</Alert>}
      {current && <ImportProgress item={current} />}
    </Card>
  );
}
