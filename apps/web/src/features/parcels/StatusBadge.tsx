'use client';

import { Badge } from '@/components';
import { useT } from '@/lib/i18n';
import type { ParcelStatus } from './parcels.api';

const TONE: Record<ParcelStatus, 'neutral' | 'good' | 'warning' | 'bad' | 'info'> = {
  posted: 'neutral',
  in_transit: 'info',
  awaiting_pickup: 'warning',
  out_for_delivery: 'info',
  delivery_failed: 'warning',
  returned: 'bad',
  lost: 'bad',
  delivered: 'good',
};

/** A parcel status in the user's language (the canonical status, not the carrier's words). */
export function StatusBadge({ status }: { status: ParcelStatus | null; label?: string | null }) {
  const t = useT();
  if (!status) return <span className="cell-muted">—</span>;
  return <Badge tone={TONE[status] ?? 'neutral'}>{t(`parcels.status.${status}`)}</Badge>;
}
