'use client';

import { useEffect, useId, useRef } from 'react';
import { useT } from '@/lib/i18n';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Content is mounted only while open, so forms start fresh each time. */
  children: React.ReactNode;
  size?: 'small' | 'medium' | 'large';
}

/**
 * A modal on the native <dialog>: the browser traps focus, makes the page behind inert and
 * closes on Escape; we route every way of closing through `onClose` so the parent owns the state.
 */
export function Dialog({ open, onClose, title, children, size = 'medium' }: DialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onMouseDown={(event) => {
        // A press on the backdrop lands on the <dialog> itself; its content sits in the inner div.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open && (
        <div className="dialog__inner">
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          <div className="dialog__body">{children}</div>
        </div>
      )}
    </dialog>
  );
}
