'use client';

import { useState } from 'react';
import { Alert, Dialog, SelectField, TextField } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useT } from '@/lib/i18n';
import { type Command, type CommandKind, samePlate, sendCommand } from './commands.api';

interface Props {
  vehicleId: string;
  /** What the operator must type: the plate (or the tracker's identifier when there is no plate). */
  confirmationOf: string;
  hasPlate: boolean;
  kind: CommandKind | null;
  onClose: () => void;
  onSent: (command: Command) => void;
}

/**
 * Sending a command is deliberate: the operator types the plate and a reason. The button stays off
 * until the plate matches (the API checks again and audits any refusal).
 */
export function SendCommandDialog({ vehicleId, confirmationOf, hasPlate, kind, onClose, onSent }: Props) {
  const t = useT();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [channel, setChannel] = useState<'online' | 'sms'>('online');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = samePlate(confirmation, confirmationOf);
  const ready = matches && reason.trim().length >= 3 && (kind !== 'custom' || text.trim() !== '');
  const title =
    kind === 'engine_block'
      ? t('commands.dialog.block', { plate: confirmationOf })
      : kind === 'engine_unblock'
        ? t('commands.dialog.unblock', { plate: confirmationOf })
        : t('commands.dialog.custom', { plate: confirmationOf });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!kind || !ready) return;
    setSending(true);
    setError(null);
    try {
      const command = await sendCommand(vehicleId, {
        type: kind,
        text: kind === 'custom' ? text : undefined,
        reason: reason.trim(),
        confirmation,
        channel,
      });
      onSent(command);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog open={kind !== null} onClose={onClose} title={title}>
      <form className="commands-dialog" onSubmit={submit} noValidate>
        {kind === 'engine_block' && <Alert tone="info">{t('commands.dialog.warning')}</Alert>}
        {kind === 'custom' && (
          <TextField
            label={t('commands.dialog.text')}
            hint={t('commands.dialog.textHint')}
            value={text}
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
          />
        )}
        <TextField
          label={t('commands.dialog.reason')}
          hint={t('commands.dialog.reasonHint')}
          value={reason}
          maxLength={500}
          required
          onChange={(e) => setReason(e.target.value)}
        />
        <SelectField
          label={t('commands.dialog.channel')}
          value={channel}
          options={[
            { value: 'online', label: t('commands.dialog.channel.online') },
            { value: 'sms', label: t('commands.dialog.channel.sms') },
          ]}
          onChange={(e) => setChannel(e.target.value as 'online' | 'sms')}
        />
        <TextField
          label={t(hasPlate ? 'commands.dialog.confirmation' : 'commands.dialog.confirmationDevice', {
            plate: confirmationOf,
          })}
          value={confirmation}
          autoComplete="off"
          spellCheck={false}
          required
          error={confirmation !== '' && !matches ? t('commands.dialog.mismatch') : null}
          onChange={(e) => setConfirmation(e.target.value)}
        />
        {error && <Alert>{error}</Alert>}
        <div className="dialog__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className={`btn ${kind === 'engine_block' ? 'btn--danger' : 'btn--primary'}`}
            disabled={!ready || sending}
          >
            {sending ? t('common.saving') : t('commands.dialog.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
