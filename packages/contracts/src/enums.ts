// The API's vocabularies, as plain constants (no TypeBox): the web app imports this file at run time,
// so it must stay free of anything that would pull server code into the browser bundle.

export const ROLES = ['admin', 'manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['active', 'pending', 'inactive'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const LOCALES = ['pt-BR', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Infraction severities of the Brazilian traffic code (CTB art. 258), lightest first. */
export const SEVERITIES = ['leve', 'media', 'grave', 'gravissima'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Points per infraction, as the Brazilian traffic code counts them; the ranking score adds them up. */
export const SEVERITY_POINTS: Record<Severity, number> = { leve: 3, media: 4, grave: 5, gravissima: 7 };

export const isSeverity = (value: string): value is Severity => SEVERITIES.some((s) => s === value);

/** The canonical tracking status vocabulary, in delivery order. */
export const PARCEL_STATUSES = [
  'posted',
  'in_transit',
  'awaiting_pickup',
  'out_for_delivery',
  'delivery_failed',
  'returned',
  'lost',
  'delivered',
] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

/** The 27 federative units of Brazil. */
export const UFS = [
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
] as const;
export type Uf = (typeof UFS)[number];

export const IMPORT_KINDS = ['parcels', 'tracking'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The protocols a device may speak; `json` is our own batch API. */
export const DEVICE_PROTOCOLS = [
  'osmand',
  'owntracks',
  'teltonika',
  'json',
  'mix',
  'gt06',
  'h02',
  'suntech',
  'queclink',
] as const;
export type DeviceProtocol = (typeof DEVICE_PROTOCOLS)[number];

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const CREDENTIALS_SOURCES = ['database', 'environment', 'none'] as const;
export type CredentialsSource = (typeof CREDENTIALS_SOURCES)[number];

/** Orders of GET /api/users. */
export const USER_SORTS = ['name', 'email', 'role', 'status', 'createdAt', 'lastLoginAt'] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** Orders of GET /api/drivers (a leading "-" reverses). */
export const DRIVER_SORTS = ['relevance', 'name', '-name', 'employeeNumber', '-employeeNumber'] as const;
export type DriverSort = (typeof DRIVER_SORTS)[number];

/** A device's status by its last fix: recent, older, or none ever (threshold: the device's own timeout, else DEVICE_OFFLINE_AFTER_SECONDS). */
export const DEVICE_STATUSES = ['online', 'offline', 'never_seen'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** Sortable columns of the vehicles list (`-` for descending). */
export const VEHICLE_SORTS = [
  'plate',
  '-plate',
  'description',
  '-description',
  'fleetNumber',
  '-fleetNumber',
  'updatedAt',
  '-updatedAt',
] as const;

/** Sortable columns of a driver's infractions (`-` for descending; default `-occurredAt`). */
export const INFRACTION_SORTS = [
  'occurredAt',
  '-occurredAt',
  'severity',
  '-severity',
  'type',
  '-type',
  'speed',
  '-speed',
  'vehicle',
  '-vehicle',
] as const;
export type InfractionSort = (typeof INFRACTION_SORTS)[number];

/** Sortable columns of the driver ranking (`-` for descending; default `-score`). */
export const RANKING_SORTS = ['score', '-score', 'infractions', '-infractions', 'name', '-name'] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

/** The file formats a track is exported in. */
export const TRACK_EXPORT_FORMATS = ['gpx', 'kml', 'csv'] as const;
export type TrackExportFormat = (typeof TRACK_EXPORT_FORMATS)[number];

/** Which drivers a driver search returns with respect to system drivers. */
export const DRIVER_SYSTEM_FILTERS = ['exclude', 'include', 'only'] as const;
export type DriverSystemFilter = (typeof DRIVER_SYSTEM_FILTERS)[number];

/** Orders of GET /api/parcels. */
export const PARCEL_SORTS = [
  'postedAt',
  'trackingCode',
  'expectedAt',
  'deliveredAt',
  'statusAt',
  'status',
  'recipientUf',
] as const;
export type ParcelSort = (typeof PARCEL_SORTS)[number];

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/**
 * Every error code the API answers with (`{ error: { code, message } }`). The web app translates each
 * one; a test checks that the code of every error the server can raise is listed here.
 */
export const API_ERROR_CODES = [
  'validation_failed',
  'invalid_alert_rule',
  'unknown_reference',
  'invalid_webhook',
  'bad_request',
  'bad_url',
  'ctp_body_too_large',
  'ctp_invalid_media_type',
  'ctp_empty_json_body',
  'ctp_invalid_json_body',
  'ctp_invalid_content_length',
  'internal_error',
  'not_found',
  'forbidden',
  'unauthenticated',
  'unauthorized',
  'too_many_attempts',
  'too_many_requests',
  'invalid_credentials',
  'weak_password',
  'registration_closed',
  'email_taken',
  'last_admin',
  'self_deactivation',
  'not_pending',
  'invalid_refresh_token',
  'refresh_token_reused',
  'no_refresh_token',
  'invalid_time_zone',
  'invalid_date',
  'invalid_period',
  'invalid_range',
  'range_too_long',
  'severity_required',
  'device_exists',
  'invalid_device_token',
  'missing_identity',
  'invalid_fix_time',
  'overloaded',
  'rejected',
  'invalid_api_key',
  'invalid_events',
  'file_required',
  'file_too_large',
  'multipart_required',
  'not_acceptable',
  'job_paused',
  'mix_not_configured',
  'client_secret_required',
  'password_required',
  'unknown_job',
  'too_many_rows',
  'recover_out_of_window',
  'not_a_stream',
  'no_recovery',
  'foreign_parcels',
  'secret_not_supported',
  'invalid_position',
  'invalid_settings',
  'empty_window',
  'nothing_to_change',
  'from_in_future',
  'from_too_old',
  'secrets_required',
  'invalid_geometry',
  'invalid_geofence',
  'geofence_group_exists',
  'too_many_uploads',
  'invalid_input',
  'uri_too_long',
  'headers_too_large',
  'request_timeout',
  'commands_not_allowed',
  'confirmation_mismatch',
  'reason_required',
  'vehicle_moving',
  'no_device',
  'device_required',
  'command_not_supported',
  'invalid_command',
  'command_not_cancellable',
  'assignment_overlap',
  'assignment_closed',
  'assignment_not_manual',
  'vehicle_not_manual',
  'driver_not_manual',
  'plate_taken',
  'unknown_driver',
  'unknown_vehicle',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Vehicle categories of the driving rules: Lei 13.103 applies to cargo and passenger transport. */
export const RULE_CATEGORIES = ['cargo', 'passengers', 'exempt'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/** Where a telemetry event came from: the vendor, the device itself, or the platform's rules. */
export const EVENT_SOURCES = ['mix', 'device', 'rule', 'rules', 'geofence'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
