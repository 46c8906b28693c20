'use client';

import { useState } from 'react';
import { Dialog } from '@/components';
import { useT } from '@/lib/i18n';

/** Shows a device token once, with a copy button. */
export function TokenDialog({
  shown,
  onClose,
}: {
  shown: { name: string; token: string } | null;
  onClose: () => void;
}) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      open={shown !== null}
      onClose={() => {
        setCopied(false);
        onClose();
      }}
      title={shown ? t('devices.tokenTitle', { name: shown.name }) : ''}
      size="small"
    >
      {shown && (
        <div className="form">
          <p>{t('devices.tokenText')}</p>
          <output className="secret-value" aria-label={t('devices.tokenTitle', { name: shown.name })}>
            {shown.token}
          </output>
          <div className="dialog__actions">
            <button
              type="button"
              className="btn btn--primary"
              onClick={() =>
                void navigator.clipboard?.writeText(shown.token).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? t('common.copied') : t('common.copy')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
