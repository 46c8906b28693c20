/** The settings the page edits, grouped as the page shows them, with the kind of input each takes. */
export const RULE_GROUPS = [
  {
    title: 'rules.group.speed',
    keys: ['speedLimitKmh', 'overspeedToleranceKmh', 'overspeedMinSeconds'],
  },
  {
    title: 'rules.group.harsh',
    keys: ['harshAccelerationMs2', 'harshBrakingMs2', 'harshCorneringMs2', 'harshMaxFixGapSeconds'],
  },
  {
    title: 'rules.group.idle',
    keys: [
      'idleMaxSeconds',
      'movingSpeedKmh',
      'maxFixGapSeconds',
      'stopMinSeconds',
      'timeZone',
      'allowedHours',
    ],
  },
  {
    title: 'rules.group.trips',
    keys: ['tripMinDistanceM', 'tripMinSeconds', 'tripStopMinSeconds', 'tripMaxGapSeconds'],
  },
  {
    title: 'rules.group.drivingTime',
    keys: [
      'drivingTime',
      'continuousDrivingMaxMinutes',
      'restMinMinutes',
      'restFractionMinMinutes',
      'dailyRestMinMinutes',
      'dailyRestFirstMinMinutes',
      'mealBreakMinMinutes',
      'workdayMinutes',
      'overtimeMinutes',
    ],
  },
] as const;

export type RuleKey = (typeof RULE_GROUPS)[number]['keys'][number];

export const kindOf = (key: RuleKey): 'text' | 'boolean' | 'hours' | 'number' =>
  key === 'timeZone'
    ? 'text'
    : key === 'drivingTime'
      ? 'boolean'
      : key === 'allowedHours'
        ? 'hours'
        : 'number';

/** The draft of a form field as the scope's own value: '' inherits. */
export function toDraft(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

/** What the draft means for the API: undefined (unchanged), null (inherit) or the value. */
export function fromDraft(key: RuleKey, draft: string, own: unknown): unknown {
  if (draft === toDraft(own)) return undefined;
  if (draft === '') return null;
  const kind = kindOf(key);
  if (kind === 'boolean') return draft === 'true';
  if (kind === 'number') return Number(draft.replace(',', '.'));
  return draft;
}
