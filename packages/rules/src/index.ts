export { type DeriveResult, derive, memoryStates, type StateStore, storedStates } from './consumer/derive';
export { recomputeRules } from './consumer/recompute';
export { type RecomputeRequest, recomputeRequests } from './consumer/recompute-requests';
export { RULES_GROUP, startRulesConsumer } from './consumer/rules-consumer';
export {
  checkContinuousDriving,
  checkDailyRest,
  checkDrivingTime,
  checkWorkday,
  type DrivingTimeRule,
  type DrivingTimeSettings,
  type DrivingTimeViolation,
  journeys,
  timeline,
} from './driving-time/checks';
export { formatMinutes } from './driving-time/duration';
export { type Episode, type Evaluator, RULE_NAMES, type RuleName } from './episode';
export {
  type AttributedEpisode,
  type DeviceRulesState,
  evaluateDevice,
  initialDeviceState,
} from './evaluate';
export { type AllowedWindow, afterHours, inWindows, isAllowed, localClock } from './evaluators/after-hours';
export { type DrivingSegment, stepDriving } from './evaluators/driving';
export { harsh, harshBetween } from './evaluators/harsh';
export { idling } from './evaluators/idling';
export { overspeed } from './evaluators/overspeed';
export { type HarshKind, type RuleFix, ruleAttributes } from './fix';
export { CompiledGeofence, type GeofenceRecord } from './geofences/compiled';
export { checkOffline, markSeen } from './geofences/device-status';
export {
  evaluateGeofences,
  type GeofenceEvaluation,
  storedGeofenceStates,
} from './geofences/evaluate-geofences';
export { GeofenceIndex } from './geofences/geofence-index';
export { GeofenceWatch } from './geofences/geofence-watch';
export { type GeofenceRow, geofenceRecords, recordOf } from './geofences/geofences.repository';
export { GeofencesService } from './geofences/geofences.service';
export { GEOFENCES_GROUP, startGeofencesConsumer } from './geofences/geofences-consumer';
export {
  type BBox,
  bboxOf,
  GEOMETRY_LIMITS,
  type GeofenceShape,
  GeometryError,
  type LonLat,
  parseShape,
  toGeometry,
} from './geofences/geometry';
export {
  DEFAULT_TUNING,
  evaluatePresence,
  type GeofenceDeviceState,
  type GeofenceFact,
  initialGeofenceState,
  type PresenceFix,
  type PresenceTuning,
} from './geofences/presence';
export { driverScorecard, type Scorecard } from './scorecard/scorecard';
export { SettingsBook } from './settings/resolve';
export { RuleSettingsService, type ScopeView } from './settings/settings.service';
