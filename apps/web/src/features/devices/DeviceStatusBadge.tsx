import { Badge } from '@/components';
import { useT } from '@/lib/i18n';
import type { DeviceWithStatus } from './devices.api';

const TONES = { online: 'good', offline: 'warning', never_seen: 'neutral' } as const;

/** Online / offline / never seen, as text (the colour only decorates). */
export function DeviceStatusBadge({ status }: { status: DeviceWithStatus['status'] }) {
  const t = useT();
  return <Badge tone={TONES[status]}>{t(`devices.status.${status}`)}</Badge>;
}
