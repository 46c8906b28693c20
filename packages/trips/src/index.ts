export { countersOf, distanceM, type Fix, ignitionOf } from './fix';
export { localDate } from './local-day';
export type { ReportSubject } from './reports.repository';
export { ReportsService, type SubjectQuery } from './reports.service';
export { type DeviceFixes, SegmentationService } from './segmentation.service';
export {
  flushSilent,
  initialState,
  type Segment,
  type SegmenterState,
  type StopSegment,
  segment,
  type TripSegment,
} from './segmenter';
export { DEFAULT_TRIP_SETTINGS, type TripSettings } from './settings';
export { refreshSummaries } from './summaries.repository';
export { TRIPS_BATCH_SIZE, TRIPS_GROUP, TripsConsumer, type TripsConsumerOptions } from './trips-consumer';
