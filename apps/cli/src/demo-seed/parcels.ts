import { Random } from '@pioneira/fleet-sim';
import { atLocal, type LocalDay, localDayNumbered, seedOf } from './days';
import { PARCEL_CITIES } from './places';

/** What happens to a demo parcel. */
export type ParcelFate =
  | 'on_time'
  | 'late'
  | 'failed_then_delivered'
  | 'stuck'
  | 'awaiting_pickup'
  | 'returned'
  | 'lost'
  | 'no_status';

const FATES: Array<[ParcelFate, number]> = [
  ['on_time', 0.58],
  ['late', 0.1],
  ['failed_then_delivered', 0.06],
  ['stuck', 0.08],
  ['awaiting_pickup', 0.04],
  ['returned', 0.05],
  ['lost', 0.02],
  ['no_status', 0.07],
];

export interface DemoEvent {
  trackingCode: string;
  status: string;
  occurredAt: Date;
  city: string;
  uf: string;
  facility: string;
  description: string | null;
}

export interface DemoParcel {
  trackingCode: string;
  fate: ParcelFate;
  senderCity: string;
  senderUf: string;
  recipientCity: string;
  recipientUf: string;
  recipientCep: string;
  service: 'SEDEX' | 'PAC';
  weightKg: number;
  postedAt: Date;
  expectedAt: Date;
  events: DemoEvent[];
}

/** Parcels are tracked for at most this many days after posting (events later than that never occur). */
export const PARCEL_LIFE_DAYS = 25;

const ORIGINS = PARCEL_CITIES.slice(0, 3);

function pickFate(random: Random): ParcelFate {
  let point = random.next();
  for (const [fate, share] of FATES) {
    if (point < share) return fate;
    point -= share;
  }
  return 'on_time';
}

/** The parcels posted on one São Paulo day, with their whole (future included) tracking history. */
export function parcelsPostedOn(day: LocalDay): DemoParcel[] {
  const random = new Random(seedOf(day.number, 3));
  const count =
    day.weekday === 0 ? random.int(2, 5) : day.weekday === 6 ? random.int(10, 16) : random.int(24, 36);
  return Array.from({ length: count }, (_, k) => parcel(day, k, random.fork()));
}

function parcel(day: LocalDay, k: number, random: Random): DemoParcel {
  const trackingCode = `PN${String(day.number).padStart(5, '0')}${String(k).padStart(4, '0')}BR`;
  const origin = random.pick(ORIGINS);
  const destination = random.pick(PARCEL_CITIES);
  const far = destination.uf !== 'SP';
  const service = random.chance(0.4) ? 'SEDEX' : 'PAC';
  const transitDays = service === 'SEDEX' ? (far ? 3 : 1) : far ? 7 : 4;
  const postedMinutes = random.between(8 * 60, 17 * 60);
  const postedAt = atLocal(day, postedMinutes);
  const expectedDay = localDayNumbered(day.number + transitDays + 1);
  const expectedAt = atLocal(expectedDay, 18 * 60);
  const fate = pickFate(random);
  const events: DemoEvent[] = [];
  const at = (
    place: (typeof PARCEL_CITIES)[number],
    status: string,
    when: number,
    description: string | null = null,
  ) =>
    events.push({
      trackingCode,
      status,
      occurredAt: new Date(Math.floor(when / 1000) * 1000),
      city: place.city,
      uf: place.uf,
      facility: place.facility,
      description,
    });
  if (fate !== 'no_status') {
    at(origin, 'Objeto postado', postedAt);
    at(
      origin,
      'Objeto em trânsito',
      postedAt + random.between(3, 9) * 3_600_000,
      `Para ${destination.facility}`,
    );
    const arrivalDay = localDayNumbered(day.number + Math.max(1, transitDays - 1));
    at(destination, 'Objeto recebido na unidade', atLocal(arrivalDay, random.between(4 * 60, 7 * 60)));
    const late = fate === 'late' ? random.int(1, 5) : 0;
    const deliveryDay = localDayNumbered(day.number + transitDays + late);
    const out = atLocal(deliveryDay, random.between(7.5 * 60, 9 * 60));
    const handed = out + random.between(1, 8) * 3_600_000;
    switch (fate) {
      case 'on_time':
      case 'late':
        at(destination, 'Objeto saiu para entrega ao destinatário', out);
        at(destination, 'Objeto entregue ao destinatário', handed);
        break;
      case 'failed_then_delivered':
        at(destination, 'Objeto saiu para entrega ao destinatário', out);
        at(destination, 'Tentativa de entrega não efetuada', handed, 'Destinatário ausente');
        at(destination, 'Objeto saiu para entrega ao destinatário', out + 86_400_000);
        at(destination, 'Objeto entregue ao destinatário', handed + 86_400_000);
        break;
      case 'awaiting_pickup':
        at(destination, 'Objeto aguardando retirada', out, 'Retirar na unidade em até 7 dias');
        break;
      case 'returned':
        at(destination, 'Objeto saiu para entrega ao destinatário', out);
        at(destination, 'Tentativa de entrega não efetuada', handed, 'Endereço insuficiente');
        at(destination, 'Objeto devolvido ao remetente', handed + 2 * 86_400_000);
        break;
      case 'lost':
        at(destination, 'Objeto extraviado', out + 3 * 86_400_000);
        break;
      case 'stuck':
        break;
    }
  }
  return {
    trackingCode,
    fate,
    senderCity: origin.city,
    senderUf: origin.uf,
    recipientCity: destination.city,
    recipientUf: destination.uf,
    recipientCep: destination.cep,
    service,
    weightKg: Math.round(random.between(0.2, 18) * 1000) / 1000,
    postedAt: new Date(postedAt),
    expectedAt: new Date(expectedAt),
    events,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const local = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Sao_Paulo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** `dd/MM/yyyy HH:mm` in São Paulo time, as Brazilian carriers' files write dates. */
export function brazilianDate(at: Date): string {
  const p = Object.fromEntries(local.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${pad(Number(p.hour))}:${p.minute}`;
}

/** The parcels file a carrier would send for these parcels (the import path's CSV, `;`-separated). */
export function parcelsCsv(parcels: DemoParcel[]): string {
  const header =
    'codigo_rastreio;cidade_origem;uf_origem;cidade_destino;uf_destino;cep_destino;servico;peso_kg;data_postagem;data_prevista';
  const rows = parcels.map((p) =>
    [
      p.trackingCode,
      p.senderCity,
      p.senderUf,
      p.recipientCity,
      p.recipientUf,
      p.recipientCep,
      p.service,
      p.weightKg.toFixed(3).replace('.', ','),
      brazilianDate(p.postedAt),
      brazilianDate(p.expectedAt),
    ].join(';'),
  );
  return `${[header, ...rows].join('\n')}\n`;
}
