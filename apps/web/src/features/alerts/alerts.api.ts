import type {
  AlertChannel,
  AlertRecipient,
  AlertRuleFields,
  AlertRuleView,
  DeliveryStatus,
  DeliveryView,
  Page,
  WebhookEndpointView,
} from '@pioneira/contracts';
import { apiFetch } from '@/lib/api';

export type { AlertChannel, AlertRecipient, DeliveryStatus } from '@pioneira/contracts';
export type AlertRule = AlertRuleView;
export type WebhookEndpoint = WebhookEndpointView;
export type Delivery = DeliveryView;
export type AlertRuleInput = AlertRuleFields;

const rulePath = (id: string) => `/api/alert-rules/${encodeURIComponent(id)}`;
const endpointPath = (id: string) => `/api/webhook-endpoints/${encodeURIComponent(id)}`;

export const listAlertRules = (signal?: AbortSignal) => apiFetch<AlertRule[]>('/api/alert-rules', { signal });

export const createAlertRule = (rule: AlertRuleInput) =>
  apiFetch<AlertRule>('/api/alert-rules', { method: 'POST', body: rule });

export const updateAlertRule = (id: string, change: Partial<AlertRuleInput>) =>
  apiFetch<AlertRule>(rulePath(id), { method: 'PATCH', body: change });

export const deleteAlertRule = (id: string) => apiFetch<null>(rulePath(id), { method: 'DELETE' });

export const searchRecipients = (search: string, signal?: AbortSignal, pageSize = 20) =>
  apiFetch<Page<AlertRecipient>>('/api/alert-rules/recipients', {
    query: { search: search || undefined, pageSize },
    signal,
  });

export const listWebhookEndpoints = (signal?: AbortSignal) =>
  apiFetch<WebhookEndpoint[]>('/api/webhook-endpoints', { signal });

export const createWebhookEndpoint = (input: { name: string; url: string }) =>
  apiFetch<WebhookEndpoint & { secret: string }>('/api/webhook-endpoints', { method: 'POST', body: input });

export const updateWebhookEndpoint = (
  id: string,
  change: { enabled?: boolean; name?: string; url?: string },
) => apiFetch<WebhookEndpoint>(endpointPath(id), { method: 'PATCH', body: change });

export const rotateWebhookSecret = (id: string) =>
  apiFetch<WebhookEndpoint & { secret: string }>(`${endpointPath(id)}/rotate-secret`, { method: 'POST' });

export const deleteWebhookEndpoint = (id: string) => apiFetch<null>(endpointPath(id), { method: 'DELETE' });

export interface DeliveryQuery {
  page: number;
  pageSize: number;
  status?: DeliveryStatus;
  channel?: AlertChannel;
  ruleId?: string;
}

export const listDeliveries = (query: DeliveryQuery, signal?: AbortSignal) =>
  apiFetch<Page<Delivery>>('/api/alert-deliveries', { query: { ...query }, signal });
