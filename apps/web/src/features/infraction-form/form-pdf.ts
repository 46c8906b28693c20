import type { Severity } from '@/lib/severity';
import type { FormContent } from './form-content';

// RGB of the design tokens (PDF has no CSS variables).
const PRIMARY: [number, number, number] = [14, 107, 83];
const TEXT: [number, number, number] = [21, 32, 27];
const MUTED: [number, number, number] = [86, 101, 94];
const RULE: [number, number, number] = [185, 196, 190];
const MARGIN = 14;
const SEVERITY_RGB: Record<Severity, [number, number, number]> = {
  leve: [47, 111, 214],
  media: [138, 90, 11],
  grave: [178, 60, 12],
  gravissima: [166, 27, 27],
};
const right = (content: string) => ({ content, styles: { halign: 'right' as const } });

/**
 * The infraction form as an A4 PDF, built in the browser (jsPDF + autotable, loaded only when asked
 * for). Standard fonts cover Portuguese accents (WinAnsi), so no font file is embedded.
 */
export async function formPdf(content: FormContent, pageLabel: (page: number, pages: number) => string) {
  const [{ jsPDF }, { autoTable }] = await Promise.all([import('jspdf'), import('jspdf-autotable')]);
  const doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait' });
  doc.setProperties({
    title: `${content.title} — ${content.driver[0]?.value ?? ''}`,
    creator: content.brand,
  });
  const width = doc.internal.pageSize.getWidth();
  const height = doc.internal.pageSize.getHeight();
  const inner = width - 2 * MARGIN;
  let y = MARGIN;

  // Header: brand and organisation on the left, title and issue date on the right.
  doc.setFillColor(...PRIMARY);
  doc.roundedRect(MARGIN, y, 7, 7, 1.5, 1.5, 'F');
  doc
    .setFont('helvetica', 'bold')
    .setFontSize(13)
    .setTextColor(...TEXT);
  doc.text(content.brand, MARGIN + 10, y + 5.5);
  if (content.organisation) {
    doc
      .setFont('helvetica', 'normal')
      .setFontSize(10)
      .setTextColor(...MUTED);
    doc.text(content.organisation, MARGIN + 10, y + 11);
  }
  doc
    .setFont('helvetica', 'bold')
    .setFontSize(15)
    .setTextColor(...TEXT);
  doc.text(content.title, width - MARGIN, y + 5.5, { align: 'right' });
  doc
    .setFont('helvetica', 'normal')
    .setFontSize(9)
    .setTextColor(...MUTED);
  doc.text(`${content.issued.label}: ${content.issued.value}`, width - MARGIN, y + 11, { align: 'right' });
  y += 15;
  doc
    .setDrawColor(...PRIMARY)
    .setLineWidth(0.6)
    .line(MARGIN, y, width - MARGIN, y);
  y += 6;

  // Driver and period, label over value, in columns.
  const fieldRow = (fields: { label: string; value: string }[]) => {
    const column = inner / fields.length;
    let tallest = 0;
    fields.forEach((field, index) => {
      const x = MARGIN + index * column;
      doc
        .setFont('helvetica', 'normal')
        .setFontSize(8)
        .setTextColor(...MUTED);
      doc.text(field.label.toUpperCase(), x, y);
      doc
        .setFont('helvetica', 'bold')
        .setFontSize(10.5)
        .setTextColor(...TEXT);
      const lines = doc.splitTextToSize(field.value, column - 4) as string[];
      doc.text(lines, x, y + 5);
      tallest = Math.max(tallest, lines.length);
    });
    y += 5 + tallest * 4.6 + 3;
  };
  fieldRow(content.driver);
  fieldRow(content.period);

  autoTable(doc, {
    startY: y + 1,
    margin: { left: MARGIN, right: MARGIN, top: MARGIN, bottom: MARGIN + 6 },
    head: [content.columns],
    body: content.rows.length
      ? content.rows.map((row) => row.cells)
      : [[{ content: content.empty, colSpan: content.columns.length }]],
    showHead: 'everyPage',
    rowPageBreak: 'avoid',
    theme: 'grid',
    styles: {
      font: 'helvetica',
      fontSize: 8,
      cellPadding: 1.6,
      textColor: TEXT,
      lineColor: RULE,
      lineWidth: 0.1,
    },
    headStyles: { fillColor: PRIMARY, textColor: [255, 255, 255], fontStyle: 'bold' },
    alternateRowStyles: { fillColor: [246, 248, 247] },
    columnStyles: {
      0: { halign: 'right', cellWidth: 8 },
      1: { cellWidth: 26 },
      4: { halign: 'right' },
      5: { halign: 'right' },
    },
    didParseCell: (cell) => {
      // The severity column in the severity's colour, as on the page.
      const severity = content.rows[cell.row.index]?.severity;
      if (cell.section === 'body' && cell.column.index === 3 && severity) {
        cell.cell.styles.textColor = SEVERITY_RGB[severity];
        cell.cell.styles.fontStyle = 'bold';
      }
    },
  });
  y = lastTableY(doc) + 5;
  if (content.note) {
    doc
      .setFont('helvetica', 'italic')
      .setFontSize(8)
      .setTextColor(...MUTED);
    doc.text(content.note, MARGIN, y);
    y += 5;
  }
  for (const line of content.justifications) {
    doc
      .setFont('helvetica', 'italic')
      .setFontSize(8)
      .setTextColor(...MUTED);
    const wrapped: string[] = doc.splitTextToSize(line, doc.internal.pageSize.getWidth() - 2 * MARGIN);
    doc.text(wrapped, MARGIN, y);
    y += 4 * wrapped.length + 1;
  }

  // Totals: one row per severity, then the grand total.
  autoTable(doc, {
    startY: y,
    margin: { left: MARGIN, right: MARGIN, bottom: MARGIN + 6 },
    tableWidth: 100,
    head: [[content.totalsTitle, right('#'), right(content.pointsLabel)]],
    body: content.totals.map((row) => [row.label, String(row.count), String(row.points)]),
    foot: [
      [
        content.grandTotal.label,
        right(String(content.grandTotal.count)),
        right(String(content.grandTotal.points)),
      ],
    ],
    theme: 'plain',
    rowPageBreak: 'avoid',
    styles: { font: 'helvetica', fontSize: 9, cellPadding: 1.4, textColor: TEXT },
    headStyles: { fontStyle: 'bold', textColor: MUTED, lineColor: RULE, lineWidth: { bottom: 0.3 } },
    footStyles: { fontStyle: 'bold', textColor: TEXT, lineColor: TEXT, lineWidth: { top: 0.3 } },
    columnStyles: { 1: { halign: 'right' }, 2: { halign: 'right' } },
  });
  y = lastTableY(doc) + 8;

  // Observations box, acknowledgement and signatures stay together on one page.
  const observationLines = doc.splitTextToSize(content.observations.value || ' ', inner - 6) as string[];
  const boxHeight = Math.max(26, observationLines.length * 4.4 + 10);
  const closingHeight = boxHeight + 12 + 44;
  if (y + closingHeight > height - MARGIN - 6) {
    doc.addPage();
    y = MARGIN;
  }
  doc
    .setFont('helvetica', 'bold')
    .setFontSize(10)
    .setTextColor(...TEXT);
  doc.text(content.observations.label, MARGIN, y);
  y += 2;
  doc
    .setDrawColor(...RULE)
    .setLineWidth(0.3)
    .rect(MARGIN, y, inner, boxHeight);
  doc.setFont('helvetica', 'normal').setFontSize(9.5);
  doc.text(observationLines, MARGIN + 3, y + 6);
  y += boxHeight + 8;
  doc
    .setFont('helvetica', 'normal')
    .setFontSize(9)
    .setTextColor(...MUTED);
  doc.text(doc.splitTextToSize(content.acknowledgement, inner) as string[], MARGIN, y);
  y += 24;
  const half = (inner - 12) / 2;
  content.signatures.forEach((signature, index) => {
    const x = MARGIN + index * (half + 12);
    doc
      .setDrawColor(...TEXT)
      .setLineWidth(0.3)
      .line(x, y, x + half, y);
    doc
      .setFont('helvetica', 'bold')
      .setFontSize(9)
      .setTextColor(...TEXT);
    doc.text(signature.label, x, y + 4.5);
    doc.setFont('helvetica', 'normal').setTextColor(...MUTED);
    if (signature.name) doc.text(signature.name, x, y + 9);
    doc.text(signature.dateLine, x, y + 15);
  });

  const pages = doc.getNumberOfPages();
  for (let page = 1; page <= pages; page++) {
    doc.setPage(page);
    doc
      .setFont('helvetica', 'normal')
      .setFontSize(8)
      .setTextColor(...MUTED);
    doc.text(
      `${content.brand} · ${content.title} · ${content.driver[0]?.value ?? ''}`,
      MARGIN,
      height - MARGIN / 2,
    );
    doc.text(pageLabel(page, pages), width - MARGIN, height - MARGIN / 2, { align: 'right' });
  }
  return doc;
}

function lastTableY(doc: object): number {
  return (doc as { lastAutoTable?: { finalY?: number } }).lastAutoTable?.finalY ?? MARGIN;
}
