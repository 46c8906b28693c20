/** Splits decoded text of whole records into fields (RFC 4180 quoting, `\r\n` or `\n`). */
export function parseRecords(text: string, delimiter: string): string[][] {
  if (text.indexOf('"') === -1) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const rows = new Array<string[]>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      rows[i] = (line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line).split(delimiter);
    }
    return rows;
  }
  return parseQuoted(text, delimiter);
}

function parseQuoted(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      // Quoted field: runs to the closing quote; "" inside is one quote.
      i++;
      while (i < n) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      continue;
    }
    if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
    rows.push(row);
  }
  return rows;
}

/** The delimiter of a header line: whichever of `;`, `,` and tab occurs most outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const count = (d: string) => unquoted.split(d).length - 1;
  const candidates = [';', ',', '\t'].map((d) => [d, count(d)] as const);
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0][1] > 0 ? candidates[0][0] : ';';
}
