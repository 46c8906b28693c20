'use client';

import { useState } from 'react';
import { Badge, Dialog, useToast } from '@/components';
import { apiFetch } from '@/lib/api';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import type { Infraction } from '../fleet/fleet.api';

type Justification = NonNullable<Infraction['justification']>;
const MAX_LENGTH = 2000;

/**
 * An infraction's justification (CTB art. 67-C §2): a badge with the text for everyone, and for admins
 * and managers a dialog to write, change or withdraw it. The event itself always stays on the record.
 */
export function JustificationCell({ row, canEdit }: { row: Infraction; canEdit: boolean }) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [current, setCurrent] = useState<Justification | null>(row.justification);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const path = `/api/events/${encodeURIComponent(row.id)}/justification`;

  const save = async (withdraw: boolean) => {
    setSaving(true);
    try {
      if (withdraw) {
        await apiFetch(path, { method: 'DELETE' });
        setCurrent(null);
      } else {
        setCurrent(await apiFetch<Justification>(path, { method: 'PUT', body: { text } }));
      }
      setOpen(false);
      notify(t(withdraw ? 'justification.withdrawn' : 'justification.saved'), 'success');
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    } finally {
      setSaving(false);
    }
  };

  return (
    <span className="justification">
      {current && (
        <Badge tone="info">
          <span
            title={t('justification.by', {
              text: current.text,
              who: current.justifiedBy ?? '—',
              when: format.dateTime(current.justifiedAt),
            })}
          >
            {t('justification.badge')}
          </span>
        </Badge>
      )}
      {canEdit && (
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => {
            setText(current?.text ?? '');
            setOpen(true);
          }}
        >
          {t(current ? 'justification.edit' : 'justification.add')}
        </button>
      )}
      <Dialog open={open} onClose={() => setOpen(false)} title={t('justification.title')} size="small">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save(false);
          }}
        >
          <p className="cell-muted">{t('justification.help')}</p>
          <div className="field">
            <label htmlFor={`justification-${row.id}`}>{t('justification.text')}</label>
            <textarea
              id={`justification-${row.id}`}
              rows={4}
              maxLength={MAX_LENGTH}
              required
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <div className="dialog__actions">
            {current && (
              <button
                type="button"
                className="btn btn--ghost"
                disabled={saving}
                onClick={() => void save(true)}
              >
                {t('justification.withdraw')}
              </button>
            )}
            <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn--primary" disabled={saving || text.trim() === ''}>
              {t('justification.save')}
            </button>
          </div>
        </form>
      </Dialog>
    </span>
  );
}
