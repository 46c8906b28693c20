import { csvCell } from '@pioneira/core';
import { offsetCache } from '@pioneira/core/time';
import type { SheetColumn } from './spreadsheet';

const two = (n: number) => String(n).padStart(2, '0');

/** dd/mm/aaaa and hh:mm:ss of an instant in a zone, apart: a Brazilian spreadsheet reads each as such. */
function dateAndTime(value: Date | string | number, offsetAt: (ms: number) => number): [string, string] {
  const ms = new Date(value).getTime();
  const local = new Date(ms + offsetAt(ms) * 60_000);
  return [
    `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`,
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`,
  ];
}

const DIGITS: Record<string, number> = { decimal: 2, coordinate: 7, integer: 0 };

/**
 * The CSV twin of a spreadsheet's columns, for Brazilian Excel: BOM, ";" separators, decimal commas,
 * each date-time column split into a date and a time column ("Saída (data)", "Saída (hora)"), and
 * every text cell neutralised against formula injection.
 */
export function tableCsv<T>(columns: SheetColumn<T>[], rows: T[], timeZone: string): string {
  const offsetAt = offsetCache(timeZone);
  const header = columns.flatMap((c) =>
    c.kind === 'datetime' ? [`${c.header} (data)`, `${c.header} (hora)`] : [c.header],
  );
  const lines = rows.map((row) =>
    columns
      .flatMap((column): unknown[] => {
        const value = column.value(row);
        const empty = value === null || value === undefined || value === '';
        if (column.kind === 'datetime') return empty ? ['', ''] : dateAndTime(value as Date, offsetAt);
        if (empty) return [''];
        if (column.kind === 'text') return [String(value)];
        const n = Number(value);
        const digits = DIGITS[column.kind];
        return [String(Number(n.toFixed(digits))).replace('.', ',')];
      })
      .map((cell) => csvCell(cell))
      .join(';'),
  );
  return `\uFEFF${[header.map((h) => csvCell(h)).join(';'), ...lines].join('\r\n')}\r\n`;
}
