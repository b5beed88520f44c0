import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { formatMoney } from '../../catalog/index.js';
import { addressText, textIn } from './cells.js';
import type { SalesOrderDetail } from './salesSchemas.js';

/**
 * The production sheet of one order as a PDF: what to build. Content streams are left
 * uncompressed (the PDF stays small; the snapshot PNG keeps its own compression) so the text can
 * be searched by tools that do not inflate streams.
 */
export function writeProductionSheet(o: SalesOrderDetail, snapshot: Buffer | null, out: Writable): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    compress: false,
    info: { Title: `Production sheet — order ${o.number}`, Subject: o.variantCode, Creator: 'Maatwerk' },
  });
  const done = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('close', resolve);
    doc.once('error', reject);
  });
  doc.pipe(out);
  const product = textIn(o.productName as string | Record<string, string>);
  doc.font('Helvetica-Bold').fontSize(20).text(`Order ${o.number} — ${product}`);
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(10).fillColor('#444444');
  doc.text(
    `Placed ${o.createdAt.slice(0, 16).replace('T', ' ')} UTC · catalog version ${o.version} · status ${o.status.replace('_', ' ')}`,
  );
  doc.moveDown(0.8);
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(12).text('Variant code');
  doc.font('Courier-Bold').fontSize(18).text(o.variantCode);
  doc.font('Helvetica').fontSize(11).text(`Quantity: ${o.quantity}`);
  if (o.source === 'shop') doc.text(`Shop reference: ${o.externalRef ?? '(none)'}`);
  doc.moveDown(0.8);

  if (snapshot) {
    try {
      doc.image(snapshot, doc.page.width - 48 - 200, 48, { fit: [200, 200] });
    } catch {
      // A snapshot pdfkit cannot read does not stop the sheet: what to build matters more.
    }
  }

  doc.font('Helvetica-Bold').fontSize(12).text('Parts');
  doc.moveDown(0.3);
  const x = [48, 200, 400];
  const header = doc.y;
  doc.fontSize(10).text('Part', x[0]!, header).text('Option', x[1]!, header).text('SKU', x[2]!, header);
  doc
    .moveTo(48, doc.y + 2)
    .lineTo(doc.page.width - 48, doc.y + 2)
    .stroke();
  doc.moveDown(0.4);
  doc.font('Helvetica');
  let text: { label: string; value: string }[] = [];
  for (const l of o.lines) {
    const label = textIn(l.label as string | Record<string, string>);
    if (l.kind === 'text') {
      text.push({ label, value: l.value ?? '' });
      continue;
    }
    const y = doc.y;
    const option = l.value === null ? 'none' : `${textIn(l.optionLabel as string | Record<string, string> | null)} (${l.value})`;
    doc
      .text(label, x[0]!, y, { width: 145 })
      .text(option, x[1]!, y, { width: 190 })
      .text(l.sku ?? '', x[2]!, y);
    doc.moveDown(0.2);
  }
  text = text.filter((t) => t.value !== '');
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(12).text('Personal text', 48);
  doc.font('Helvetica').fontSize(11);
  if (!text.length) doc.text('none');
  for (const t of text) doc.text(`${t.label}: "${t.value}"`);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(12).text('Ship to');
  doc.font('Helvetica').fontSize(11).text(o.customer.name);
  const address = o.customer.address === undefined ? '' : addressText(JSON.stringify(o.customer.address));
  if (address) doc.text(address);
  doc.text(o.customer.email);
  doc.moveDown(0.8);
  doc
    .fontSize(9)
    .fillColor('#444444')
    .text(`Unit price ${formatMoney(o.unitPrice, o.currency, 'en')} · total ${formatMoney(o.total, o.currency, 'en')}`);
  doc.end();
  return done;
}
