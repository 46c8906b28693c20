import { offsetCache } from '@pioneira/core/time';
import writeXlsxFile, { type Cell } from 'write-excel-file/node';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a column holds: spreadsheets then sort, sum and filter it as numbers and dates, not text. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'coordinate' | 'datetime';

export interface SheetColumn<T> {
  header: string;
  kind: ColumnKind;
  value: (row: T) => string | number | Date | null | undefined;
  width?: number;
}

const FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = {
  integer: '0',
  decimal: '0.0',
  coordinate: '0.0000000',
  datetime: 'dd/mm/yyyy hh:mm:ss',
};

/**
 * One sheet as an XLSX file. Texts are written as strings (never formulas, whatever they start with);
 * date cells show the local wall time of `timeZone` (a spreadsheet date has no zone).
 */
export async function spreadsheet<T>(
  sheet: string,
  columns: SheetColumn<T>[],
  rows: T[],
  timeZone: string,
): Promise<Buffer> {
  const offsetAt = offsetCache(timeZone);
  const header: Cell[] = columns.map((c) => ({ value: c.header, fontWeight: 'bold' }));
  const body = rows.map((row) =>
    columns.map((column): Cell => {
      const value = column.value(row);
      if (value === null || value === undefined || value === '') return null;
      if (column.kind === 'text') return { type: String, value: String(value) };
      if (column.kind === 'datetime') {
        const date = value instanceof Date ? value : new Date(value);
        const local = new Date(date.getTime() + offsetAt(date.getTime()) * 60_000);
        return { type: Date, value: local, format: FORMATS.datetime };
      }
      return { type: Number, value: Number(value), format: FORMATS[column.kind] };
    }),
  );
  return writeXlsxFile([header, ...body], {
    sheet: sheet.slice(0, 31),
    columns: columns.map((c) => ({
      width: c.width ?? (c.kind === 'datetime' ? 20 : c.kind === 'text' ? 24 : 12),
    })),
    stickyRowsCount: 1,
  }).toBuffer();
}
