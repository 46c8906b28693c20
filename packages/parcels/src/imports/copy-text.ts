const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in PostgreSQL's COPY text format (`\N` is NULL). */
export function copyValue(value: string | number | Date | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

/** One COPY text line from the values of a row. */
export const copyLine = (values: Array<string | number | Date | null>) =>
  `${values.map(copyValue).join('\t')}\n`;
