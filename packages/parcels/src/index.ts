export {
  type Cleaned,
  cleanParcel,
  cleanTrackingEvent,
  type Parcel,
  type RawParcel,
  type RawTrackingEvent,
  type Rejection,
  type RejectionReason,
  type TrackingEvent,
} from './clean/clean';
export { fromLocal, LOCAL_TIME_ZONE, parseBrazilianDate } from './clean/dates';
export { isUf, normalizeCity, parseCep, UFS } from './clean/places';
export { foldText, normalizeStatus, PARCEL_STATUSES, type ParcelStatus, STATUS_LABELS } from './clean/status';
export { CsvFormatError, textBlocks } from './csv/blocks';
export { HeaderError, type ImportKind, mapHeader } from './csv/headers';
export { parseRecords, sniffDelimiter } from './csv/records';
export { liveParcelMessages, PARCELS_GROUP, startParcelsConsumer } from './events/consumer';
export { ingestTrackingEvents, MAX_STREAM_BATCH } from './events/ingest';
export {
  type LiveParcelsMessage,
  liveMessagesOf,
  type ParcelChange,
  type TrackingTopicPayload,
} from './events/live';
export { type Import, type ImportStatus, toImport } from './imports/import';
export { ImportsRepository, type RejectionRow } from './imports/imports.repository';
export { ImportsService } from './imports/imports.service';
export { ImportFormatError, ImportInterrupted, type RunImportOptions, runImport } from './imports/run-import';
export { fileSource, type ImportSource, largeObjectSource, writeLargeObject } from './imports/sources';
export { type IntegrationKey, IntegrationKeys } from './integration-keys';
export type { ParcelFilter } from './parcels/parcels.repository';
export { ParcelsService, type ParcelView } from './parcels/parcels.service';
