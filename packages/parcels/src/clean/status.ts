import type { ParcelStatus } from '@pioneira/contracts/enums';

export { PARCEL_STATUSES, type ParcelStatus } from '@pioneira/contracts/enums';

/** pt-BR labels, as the users' carriers print them. */
export const STATUS_LABELS: Record<ParcelStatus, string> = {
  posted: 'Postado',
  in_transit: 'Em trânsito',
  awaiting_pickup: 'Aguardando retirada',
  out_for_delivery: 'Saiu para entrega',
  delivery_failed: 'Tentativa de entrega',
  returned: 'Devolvido ao remetente',
  lost: 'Extraviado',
  delivered: 'Entregue',
};

/** Statuses after which a parcel is no longer moving. */
export const FINAL_STATUSES: readonly ParcelStatus[] = ['delivered', 'returned', 'lost'];

// Keys are folded (no accents, lower case, single spaces). Carriers word the same stage many ways.
const VOCABULARY: Array<[ParcelStatus, string[]]> = [
  ['posted', ['postado', 'objeto postado', 'postagem', 'coletado', 'objeto coletado', 'posted', 'collected']],
  [
    'in_transit',
    [
      'em transito',
      'objeto em transito',
      'transito',
      'em rota',
      'encaminhado',
      'objeto encaminhado',
      'em transferencia',
      'recebido na unidade',
      'objeto recebido na unidade',
      'chegou na unidade',
      'in transit',
      'in_transit',
    ],
  ],
  [
    'awaiting_pickup',
    ['aguardando retirada', 'objeto aguardando retirada', 'disponivel para retirada', 'awaiting pickup'],
  ],
  [
    'out_for_delivery',
    [
      'saiu para entrega',
      'objeto saiu para entrega',
      'saiu para entrega ao destinatario',
      'objeto saiu para entrega ao destinatario',
      'em rota de entrega',
      'out for delivery',
      'out_for_delivery',
    ],
  ],
  [
    'delivery_failed',
    [
      'tentativa de entrega',
      'tentativa de entrega nao efetuada',
      'entrega nao efetuada',
      'nao entregue',
      'destinatario ausente',
      'endereco incorreto',
      'delivery failed',
      'delivery_failed',
      'failed attempt',
    ],
  ],
  [
    'returned',
    [
      'devolvido',
      'devolvido ao remetente',
      'objeto devolvido ao remetente',
      'em devolucao',
      'devolucao',
      'returned',
      'returned to sender',
    ],
  ],
  ['lost', ['extraviado', 'objeto extraviado', 'roubado', 'objeto roubado', 'lost']],
  [
    'delivered',
    [
      'entregue',
      'objeto entregue',
      'objeto entregue ao destinatario',
      'entregue ao destinatario',
      'delivered',
    ],
  ],
];

const BY_KEY = new Map<string, ParcelStatus>();
for (const [status, words] of VOCABULARY) for (const w of words) BY_KEY.set(w, status);
for (const [status, label] of Object.entries(STATUS_LABELS))
  BY_KEY.set(foldText(label), status as ParcelStatus);

/** Lower case, no accents, punctuation as spaces, single spaces: the key used to compare free text. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, ' ')
    .trim();
}

const seen = new Map<string, ParcelStatus | null>();

/** Maps a carrier's wording ("Objeto postado", "EM TRÂNSITO", "in_transit"…) to the canonical status, or null. */
export function normalizeStatus(value: string): ParcelStatus | null {
  const cached = seen.get(value);
  if (cached !== undefined) return cached;
  const status = BY_KEY.get(foldText(value)) ?? null;
  if (seen.size > 10_000) seen.clear();
  seen.set(value, status);
  return status;
}
