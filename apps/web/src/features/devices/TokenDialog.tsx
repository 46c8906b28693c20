'use client';

import { useState } from 'react';
import { Dialog } from '@/components';
import { useT } from '@/lib/i18n';

/** Shows a secret once (a device token, a webhook signing secret), with a copy button. */
export function TokenDialog({
  shown,
  onClose,
  titleOf,
  text,
}: {
  shown: { name: string; token: string } | null;
  onClose: () => void;
  /** The device token's words unless told otherwise. */
  titleOf?: (name: string) => string;
  text?: string;
}) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const title = shown ? (titleOf?.(shown.name) ?? t('devices.tokenTitle', { name: shown.name })) : '';
  return (
    <Dialog
      open={shown !== null}
      onClose={() => {
        setCopied(false);
        onClose();
      }}
      title={title}
      size="small"
    >
      {shown && (
        <div className="form">
          <p>{text ?? t('devices.tokenText')}</p>
          <output className="secret-value" aria-label={title}>
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
