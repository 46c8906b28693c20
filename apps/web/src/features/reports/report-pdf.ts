// RGB of the design tokens (PDF has no CSS variables), as the infraction form uses them.
const PRIMARY: [number, number, number] = [14, 107, 83];
const TEXT: [number, number, number] = [21, 32, 27];
const MUTED: [number, number, number] = [86, 101, 94];
const MARGIN = 12;

export interface TablePdf {
  title: string;
  subtitle: string;
  head: string[];
  body: string[][];
  /** A totals row under the table. */
  foot?: string[];
  fileName: string;
}

/**
 * A report table as a landscape A4 PDF, built in the browser like the infraction form (jsPDF +
 * autotable, loaded only when asked for; standard fonts cover Portuguese accents).
 */
export async function tablePdf(table: TablePdf): Promise<Blob> {
  const [{ jsPDF }, { autoTable }] = await Promise.all([import('jspdf'), import('jspdf-autotable')]);
  const doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'landscape' });
  doc.setProperties({ title: `${table.title} — ${table.subtitle}`, creator: 'Pioneira' });
  doc.setFillColor(...PRIMARY);
  doc.roundedRect(MARGIN, MARGIN, 6, 6, 1.5, 1.5, 'F');
  doc
    .setFont('helvetica', 'bold')
    .setFontSize(13)
    .setTextColor(...TEXT)
    .text(table.title, MARGIN + 9, MARGIN + 5);
  doc
    .setFont('helvetica', 'normal')
    .setFontSize(9)
    .setTextColor(...MUTED)
    .text(table.subtitle, MARGIN, MARGIN + 13);
  autoTable(doc, {
    startY: MARGIN + 17,
    margin: { left: MARGIN, right: MARGIN },
    head: [table.head],
    body: table.body,
    foot: table.foot ? [table.foot] : undefined,
    styles: { fontSize: 8, cellPadding: 1.5, textColor: TEXT },
    headStyles: { fillColor: PRIMARY, textColor: [255, 255, 255] },
    footStyles: { fillColor: [232, 240, 236], textColor: TEXT, fontStyle: 'bold' },
    showFoot: 'lastPage',
  });
  return doc.output('blob');
}
