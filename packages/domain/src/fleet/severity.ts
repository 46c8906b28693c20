export type Severity = 'leve' | 'media' | 'grave' | 'gravissima';
export const SEVERITIES: readonly Severity[] = ['leve', 'media', 'grave', 'gravissima'];

/** Points per infraction, as the Brazilian traffic code counts them; the ranking score adds them up. */
export const SEVERITY_POINTS: Record<Severity, number> = { leve: 3, media: 4, grave: 5, gravissima: 7 };
