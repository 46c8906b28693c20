'use client';

import { isApiError } from '@/lib/api';
import { useErrorMessage } from '@/lib/errors';
import { type MessageKey, useT } from '@/lib/i18n';

/** The API's names of a rule's fields and of what `unknown_reference` found missing, as the form calls them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'alerts.field.name',
  eventTypes: 'alerts.field.eventTypes',
  severities: 'alerts.field.severities',
  geofenceIds: 'alerts.field.geofences',
  vehicleIds: 'alerts.field.vehicles',
  vehicleCategories: 'alerts.field.vehicleCategories',
  driverIds: 'alerts.field.drivers',
  parcelCodes: 'alerts.field.parcelCodes',
  calendar: 'alerts.field.calendar',
  userIds: 'alerts.field.users',
  emails: 'alerts.field.emails',
  webhookIds: 'alerts.field.webhooks',
  throttleMinutes: 'alerts.field.throttle',
};
const MISSING: Record<string, MessageKey> = {
  users: 'alerts.error.unknownUsers',
  vehicles: 'alerts.error.unknownVehicles',
  drivers: 'alerts.error.unknownDrivers',
  webhook_endpoints: 'alerts.error.unknownWebhooks',
};

/** A refused rule in words that point at the field: the field a validation names, what does not exist. */
export function useRuleErrorMessage(): (error: unknown) => string {
  const t = useT();
  const errorMessage = useErrorMessage();
  return (error) => {
    if (!isApiError(error)) return errorMessage(error);
    const details = error.details as
      | { field?: string; missing?: string[] }
      | { field?: string }[]
      | undefined;
    if (error.code === 'validation_failed' && Array.isArray(details)) {
      // "body.emails.0" → the e-mail addresses.
      const name = details[0]?.field?.split('.').find((part) => part in FIELD_LABELS);
      if (name) return t('errors.validation_failed', { field: t(FIELD_LABELS[name]) });
    }
    if (error.code === 'unknown_reference' && details && !Array.isArray(details) && details.field) {
      const key = MISSING[details.field];
      if (key) return t(key);
    }
    return errorMessage(error);
  };
}
