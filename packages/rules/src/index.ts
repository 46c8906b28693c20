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
export { afterHours, isAllowed, localClock } from './evaluators/after-hours';
export { type DrivingSegment, stepDriving } from './evaluators/driving';
export { harsh, harshBetween } from './evaluators/harsh';
export { idling } from './evaluators/idling';
export { overspeed } from './evaluators/overspeed';
export { type HarshKind, type RuleFix, ruleAttributes } from './fix';
export { driverScorecard, type Scorecard } from './scorecard/scorecard';
export { SettingsBook } from './settings/resolve';
export { RuleSettingsService, type ScopeView } from './settings/settings.service';
