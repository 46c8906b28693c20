// A text cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
// (tab and carriage return too: some of them skip those and read what follows).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell for a spreadsheet: quoted when it holds the separator, a quote or a line break, and,
 * for text, prefixed with an apostrophe when it would start a formula (OWASP's advice against CSV
 * injection). Numbers are written as they are, so negative coordinates stay numbers.
 */
export function csvCell(value: unknown, separator = ';'): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A negative number written with a decimal comma ("-23,55") is a number to a Brazilian spreadsheet,
  // not a formula: it stays as it is.
  if (typeof value === 'string' && FORMULA_START.test(text) && !/^-\d+(,\d+)?$/.test(text)) text = `'${text}`;
  const mustQuote = text.includes(separator) || /["\r\n]/.test(text) || text !== value;
  return mustQuote && typeof value === 'string' ? `"${text.replaceAll('"', '""')}"` : text;
}
