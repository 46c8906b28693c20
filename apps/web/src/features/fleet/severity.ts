export const SEVERITIES = ['leve', 'media', 'grave', 'gravissima'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Score points per infraction, as the API's ranking counts them. */
export const SEVERITY_POINTS: Record<Severity, number> = { leve: 3, media: 4, grave: 5, gravissima: 7 };

export const isSeverity = (value: string): value is Severity => SEVERITIES.some((s) => s === value);
