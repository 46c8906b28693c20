import { notFound, type Page, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { type ParcelStatus, STATUS_LABELS } from '../clean/status';
import { type EventRow, type ParcelFilter, type ParcelRow, ParcelsRepository } from './parcels.repository';

const label = (status: ParcelStatus | null) => (status ? STATUS_LABELS[status] : null);
const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
const hours = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

function toParcel(r: ParcelRow) {
  return {
    trackingCode: r.tracking_code,
    senderCity: r.sender_city,
    senderUf: r.sender_uf,
    recipientCity: r.recipient_city,
    recipientUf: r.recipient_uf,
    recipientCep: r.recipient_cep,
    service: r.service,
    weightKg: r.weight_kg === null ? null : Number(r.weight_kg),
    postedAt: r.posted_at ?? r.first_event_at,
    expectedAt: r.expected_at,
    deliveredAt: r.delivered_at,
    status: r.status,
    statusLabel: label(r.status),
    statusAt: r.status_at,
    late: r.late,
    updatedAt: r.updated_at,
  };
}
export type ParcelView = ReturnType<typeof toParcel>;

const toEvent = (e: EventRow) => ({
  status: e.status,
  statusLabel: label(e.status) as string,
  occurredAt: e.occurred_at,
  city: e.city,
  uf: e.uf,
  facility: e.facility,
  description: e.description,
  source: e.source,
});

/** Parcels as the dashboard reads them: a filtered list, one parcel with its timeline, KPIs and series. */
export class ParcelsService {
  private readonly repo: ParcelsRepository;
  constructor(sql: Sql) {
    this.repo = new ParcelsRepository(sql);
  }

  async list(filter: ParcelFilter, page: PageRequest): Promise<Page<ParcelView>> {
    const { rows, total } = await this.repo.list(filter, page.pageSize, (page.page - 1) * page.pageSize);
    return { items: rows.map(toParcel), total, page: page.page, pageSize: page.pageSize };
  }

  async get(code: string) {
    const normalized = code.trim().toUpperCase();
    const row = await this.repo.find(normalized);
    if (!row) throw notFound(`Parcel ${normalized}`);
    return { ...toParcel(row), timeline: (await this.repo.timeline(normalized)).map(toEvent) };
  }

  /** KPIs of the parcels posted in [from, to), and series by day, status and recipient UF. */
  async stats(from: Date, to: Date) {
    const { kpis: k, byDay, byStatus, byUf } = await this.repo.stats(from, to);
    return {
      from,
      to,
      kpis: {
        total: k.total as number,
        inTransit: k.in_transit as number,
        noStatus: k.no_status as number,
        delivered: k.delivered as number,
        returnedOrLost: k.returned_or_lost as number,
        late: k.late as number,
        onTime: k.on_time as number,
        withDeadline: k.with_deadline as number,
        deliveryHoursP50: hours(k.p50),
        deliveryHoursP90: hours(k.p90),
        onTimeRate: rate(k.on_time, k.with_deadline),
      },
      byDay,
      byStatus: byStatus.map((s) => ({ status: s.status, label: label(s.status), count: s.count })),
      byUf: byUf.map((u) => ({
        uf: u.uf,
        total: u.total,
        delivered: u.delivered,
        late: u.late,
        onTimeRate: rate(u.on_time, u.with_deadline),
      })),
    };
  }
}
