import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatMoney, type Attribute, type Product } from '../../catalog/index.js';
import { fitPng } from '../images/sheetImage.js';
import { addressText, textIn } from './cells.js';
import type { SalesOrderDetail } from '../../catalog/api/salesContract.js';

const MARGIN = 48;
const QR_SIZE = 88;
/** The snapshot's box: the content width, this high. */
const IMAGE_BOX_HEIGHT = 210;
/** Pixels the snapshot is redrawn at, long side: ~300 dpi across the box's width. */
const IMAGE_MAX_SIDE = 1600;
/** Part | Choice | SKU | Specification, in points. */
const COLUMNS = [110, 130, 56];

/** The PDF's own standard fonts nearest to the catalog's families (the sheet embeds no font files). */
const PDF_FONT: Record<string, [string, string]> = {
  sans: ['Helvetica', 'Helvetica-Bold'],
  serif: ['Times-Roman', 'Times-Bold'],
  script: ['Times-Italic', 'Times-BoldItalic'],
  mono: ['Courier', 'Courier-Bold'],
};

export interface SheetLayout {
  /** Where the snapshot was drawn (points, from the page's top-left), or null without one. */
  image: { x: number; y: number; width: number; height: number } | null;
  /** The top of the parts table's header row. */
  tableTop: number;
  qr: { x: number; y: number; size: number; modules: number; dark: number };
  pages: number;
}

export interface SheetResult {
  pdf: Uint8Array;
  layout: SheetLayout;
  /** What became of the snapshot: drawn, none sent, or refused with why (the sheet is made without it). */
  snapshot: { status: 'drawn' | 'none' } | { status: 'refused'; code: string; message: string };
}

type Txt = string | Record<string, string> | null | undefined;
const t = (x: unknown) => textIn(x as Txt);

/** What the catalog says about the chosen option beyond its name: colour codes, material, textures. */
function specification(attr: Attribute | undefined, value: string | null): { text: string; swatch: string | null } {
  if (!attr || attr.kind === 'text' || value === null) return { text: '', swatch: null };
  if (attr.kind === 'colour') {
    const o = attr.options.find((x) => x.id === value);
    if (!o) return { text: '', swatch: null };
    const finish = [o.roughness !== undefined ? `roughness ${o.roughness}` : '', o.metalness ? `metalness ${o.metalness}` : ''];
    return {
      text: [o.hex.toUpperCase(), o.code ? `code ${o.code}` : '', ...finish].filter(Boolean).join(' · '),
      swatch: o.hex,
    };
  }
  if (attr.kind === 'material') {
    const o = attr.options.find((x) => x.id === value);
    if (!o) return { text: '', swatch: null };
    const m = o.material;
    const maps = [
      m.map ? `texture ${m.map}` : '',
      m.normalMap ? `normal map ${m.normalMap}` : '',
      m.roughnessMap ? `roughness map ${m.roughnessMap}` : '',
      m.map || m.normalMap || m.roughnessMap ? `repeat ${m.repeat}×` : '',
    ];
    const finish = [
      `roughness ${m.roughness}`,
      m.metalness ? `metalness ${m.metalness}` : '',
      m.clearcoat ? `clearcoat ${m.clearcoat}` : '',
      m.sheen ? `sheen ${m.sheen}` : '',
    ];
    return {
      text: [`base ${m.baseColor.toUpperCase()}`, o.code ? `code ${o.code}` : '', ...finish, ...maps].filter(Boolean).join(' · '),
      swatch: m.baseColor,
    };
  }
  return { text: '', swatch: null };
}

/**
 * The production sheet of one order as a PDF: what to build. Runs in a TaskPool thread (the
 * `productionSheet` task): the snapshot is proven and redrawn by fitPng before pdfkit sees it, and
 * a snapshot that fails is left out with the reason on the sheet. Layout: a header with a QR code
 * to the order, the snapshot in a box of its own, then the parts table below the box (never over
 * it), personal texts with font, colour, size and placement, and the address. Content streams are
 * left uncompressed so tools that do not inflate streams can search the text.
 */
export function makeProductionSheet(o: SalesOrderDetail, snapshot: Uint8Array | null, orderUrl: string): Promise<SheetResult> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: false,
    info: { Title: `Production sheet — order ${o.number}`, Subject: o.variantCode, Creator: 'Maatwerk' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<Uint8Array>((resolve, reject) => {
    doc.once('end', () => resolve(Buffer.concat(chunks)));
    doc.once('error', reject);
  });
  const product = (o.product ?? null) as Product | null;
  const attrs = new Map((product?.attributes ?? []).map((a) => [a.id, a]));
  const right = doc.page.width - MARGIN;
  const width = right - MARGIN;
  const bottom = doc.page.height - MARGIN;
  let pages = 1;

  // Header: the QR code top right, the order's facts left of it.
  const qr = QRCode.create(orderUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = QR_SIZE / n;
  const qrX = right - QR_SIZE;
  let dark = 0;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) {
        doc.rect(qrX + c * cell, MARGIN + r * cell, cell, cell);
        dark++;
      }
  doc.fillColor('#000000').fill();
  doc.link(qrX, MARGIN, QR_SIZE, QR_SIZE, orderUrl);
  doc
    .font('Helvetica')
    .fontSize(6.5)
    .fillColor('#444444')
    .text(orderUrl, qrX - 40, MARGIN + QR_SIZE + 3, { width: QR_SIZE + 40, align: 'right' });
  const qrBottom = doc.y;

  const left = width - QR_SIZE - 20;
  doc
    .fillColor('#000000')
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`Order ${o.number} — ${t(o.productName)}`, MARGIN, MARGIN, {
      width: left,
    });
  doc.moveDown(0.2);
  doc.font('Helvetica').fontSize(9.5).fillColor('#444444');
  doc.text(
    `Placed ${o.createdAt.slice(0, 16).replace('T', ' ')} UTC · catalog version ${o.version} · status ${o.status.replace('_', ' ')}`,
    { width: left },
  );
  doc.moveDown(0.6);
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(10).text('Variant code', { width: left });
  doc.font('Courier-Bold').fontSize(16).text(o.variantCode, { width: left });
  doc.font('Helvetica-Bold').fontSize(11).text(`Quantity: ${o.quantity}`, { width: left });
  if (o.source === 'shop') doc.font('Helvetica').text(`Shop reference: ${o.externalRef ?? '(none)'}`, { width: left });
  let y = Math.max(doc.y, qrBottom) + 14;

  // The snapshot, in a box of its own; the table starts below the box whatever the image's shape.
  let imageAt: SheetLayout['image'] = null;
  let status: SheetResult['snapshot'] = { status: 'none' };
  const fitted = snapshot ? fitPng(snapshot, IMAGE_MAX_SIDE) : null;
  if (fitted?.ok) {
    const scale = Math.min(width / fitted.width, IMAGE_BOX_HEIGHT / fitted.height);
    const w = fitted.width * scale;
    const h = fitted.height * scale;
    imageAt = { x: MARGIN + (width - w) / 2, y: y + (IMAGE_BOX_HEIGHT - h) / 2, width: w, height: h };
    doc.image(fitted.png, imageAt.x, imageAt.y, { width: w, height: h });
    doc.lineWidth(0.5).strokeColor('#bbbbbb').rect(MARGIN, y, width, IMAGE_BOX_HEIGHT).stroke();
    y += IMAGE_BOX_HEIGHT + 16;
    status = { status: 'drawn' };
  } else {
    if (fitted && !fitted.ok) status = { status: 'refused', code: fitted.code, message: fitted.message };
    const note = fitted ? `Snapshot not shown: ${fitted.message}.` : 'No snapshot was sent with this order.';
    doc.font('Helvetica-Oblique').fontSize(9).fillColor('#666666').text(note, MARGIN, y, { width });
    y = doc.y + 14;
  }

  // Parts: Part | Choice | SKU | Specification (colour codes, material, textures).
  const xs = [MARGIN, MARGIN + COLUMNS[0]!, MARGIN + COLUMNS[0]! + COLUMNS[1]!, MARGIN + COLUMNS[0]! + COLUMNS[1]! + COLUMNS[2]!];
  const widths = [COLUMNS[0]! - 8, COLUMNS[1]! - 8, COLUMNS[2]! - 8, right - xs[3]!];
  const tableHeader = () => {
    doc.font('Helvetica-Bold').fontSize(9.5).fillColor('#000000');
    ['Part', 'Choice', 'SKU', 'Specification'].forEach((h, i) => doc.text(h, xs[i]!, y, { width: widths[i]!, lineBreak: false }));
    y += 14;
    doc.lineWidth(0.75).strokeColor('#000000').moveTo(MARGIN, y).lineTo(right, y).stroke();
    y += 5;
  };
  const newPage = () => {
    doc.addPage();
    pages++;
    y = MARGIN;
  };
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#000000').text('Parts', MARGIN, y);
  y = doc.y + 4;
  const tableTop = y;
  tableHeader();
  const texts: { label: string; value: string; attr: Attribute | undefined }[] = [];
  for (const l of o.lines) {
    const attr = attrs.get(l.attr);
    const label = t(l.label);
    if (l.kind === 'text') {
      if (l.value) texts.push({ label, value: l.value, attr });
      continue;
    }
    const choice = l.value === null ? l.text : `${l.text} (${l.value})`;
    const spec = specification(attr, l.value);
    const specX = xs[3]! + (spec.swatch ? 14 : 0);
    const specW = widths[3]! - (spec.swatch ? 14 : 0);
    doc.font('Helvetica').fontSize(9.5);
    const h = Math.max(
      doc.heightOfString(label, { width: widths[0]! }),
      doc.heightOfString(choice, { width: widths[1]! }),
      doc.heightOfString(spec.text || ' ', { width: specW }),
    );
    if (y + h > bottom) {
      newPage();
      tableHeader();
    }
    doc.fillColor('#000000').font('Helvetica').fontSize(9.5);
    doc.text(label, xs[0]!, y, { width: widths[0]! });
    doc.text(choice, xs[1]!, y, { width: widths[1]! });
    doc.font('Courier').text(l.sku ?? '', xs[2]!, y, { width: widths[2]! });
    if (spec.swatch) doc.lineWidth(0.5).rect(xs[3]!, y, 10, 10).fillAndStroke(spec.swatch, '#666666');
    doc.fillColor('#000000').font('Helvetica').text(spec.text, specX, y, { width: specW });
    y += h + 5;
    doc
      .lineWidth(0.25)
      .strokeColor('#cccccc')
      .moveTo(MARGIN, y - 2.5)
      .lineTo(right, y - 2.5)
      .stroke();
  }

  // Personal texts: the text as typed, shown in the nearest PDF font, and how it is made.
  const section = (title: string, need: number) => {
    if (y + need > bottom) newPage();
    y += 10;
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#000000').text(title, MARGIN, y);
    y = doc.y + 4;
  };
  section('Personal text', 60);
  if (!texts.length) {
    doc.font('Helvetica').fontSize(10).text('none', MARGIN, y);
    y = doc.y;
  }
  for (const p of texts) {
    if (y + 90 > bottom) newPage();
    const a = p.attr?.kind === 'text' ? p.attr : undefined;
    const [regular, bold] = PDF_FONT[a?.font.family ?? 'sans']!;
    doc.font('Helvetica-Bold').fontSize(10).fillColor('#000000').text(p.label, MARGIN, y);
    doc
      .font(a?.font.weight === 700 ? bold : regular)
      .fontSize(20)
      .fillColor(a?.font.colour ?? '#000000')
      .text(`"${p.value}"`, MARGIN, doc.y + 2, { width });
    doc.fillColor('#000000').font('Helvetica').fontSize(9);
    if (a) {
      doc.text(`Font: ${a.font.family}, weight ${a.font.weight}, colour ${a.font.colour.toUpperCase()}`, { width });
      doc.text(
        `Size: as large as fits part "${a.placement.mesh}" (at most 86 % of its width and 78 % of its height), centred; ` +
          'one line, or two split at the space nearest the middle when that makes the letters 25 % larger',
        { width },
      );
      doc.text(`Placement: ${a.placement.style} on part "${a.placement.mesh}" · ${p.value.length} of ${a.maxLength} characters`, {
        width,
      });
    }
    y = doc.y + 8;
  }

  section('Ship to', 70);
  doc.font('Helvetica').fontSize(10.5).fillColor('#000000').text(o.customer.name, MARGIN, y, { width });
  const address = o.customer.address === undefined ? '' : addressText(JSON.stringify(o.customer.address));
  if (address) doc.text(address, { width });
  doc.text(o.customer.email, { width });
  doc.moveDown(0.8);
  doc
    .fontSize(9)
    .fillColor('#444444')
    .text(`Unit price ${formatMoney(o.unitPrice, o.currency, 'en')} · total ${formatMoney(o.total, o.currency, 'en')}`, {
      width,
    });
  doc.end();
  return ended.then((pdf) => ({
    pdf,
    layout: { image: imageAt, tableTop, qr: { x: qrX, y: MARGIN, size: QR_SIZE, modules: n, dark }, pages },
    snapshot: status,
  }));
}

/** The pool task: `tasks.run('productionSheet', { order, snapshot, orderUrl })`. */
export const productionSheetTask = (input: { order: SalesOrderDetail; snapshot: Uint8Array | null; orderUrl: string }) =>
  makeProductionSheet(input.order, input.snapshot, input.orderUrl);
