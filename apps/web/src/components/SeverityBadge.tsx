'use client';

import { useT } from '@/lib/i18n';
import type { Severity } from '@/lib/severity';

/** The severity's name on its colour (the colour only repeats what the text says). */
export function SeverityBadge({ severity }: { severity: Severity | null }) {
  const t = useT();
  return (
    <span className={`badge severity severity--${severity ?? 'none'}`}>
      {t(severity ? `severity.${severity}` : 'severity.none')}
    </span>
  );
}
