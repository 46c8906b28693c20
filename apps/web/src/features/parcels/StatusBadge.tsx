import { Badge } from '@/components';
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

/** A parcel status with the carrier's label (the API's pt-BR label, the vocabulary users know). */
export function StatusBadge({ status, label }: { status: ParcelStatus | null; label: string | null }) {
  if (!status) return <span className="cell-muted">—</span>;
  return <Badge tone={TONE[status] ?? 'neutral'}>{label ?? status}</Badge>;
}
