import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { describeConfiguration, parseProduct, type ProductInput } from '../../../catalog/index.js';
import { makeProductionSheet } from '../../../server/exports/productionSheet.js';
import type { SalesOrderDetail } from '../../../catalog/api/salesContract.js';
import { corruptZlibPng, rgbaPng } from '../../fixtures/pngFixtures.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

const URL_OF_ORDER = 'https://shop.example/sales/orders/abcdefghijklmnop';

/** The mini mug with a producer's colour code and a textured material, as a catalog may have them. */
function product() {
  const input = miniProduct() as ProductInput & { attributes: Record<string, unknown>[] };
  const colour = input.attributes.find((a) => a.id === 'colour') as { options: Record<string, unknown>[] };
  colour.options.find((o) => o.id === 'black')!.code = 'RAL 9005';
  const finish = input.attributes.find((a) => a.id === 'finish') as { options: { material: Record<string, unknown> }[] };
  Object.assign(finish.options[1]!.material, { map: 'textures/oak.png', normalMap: 'textures/oak-normal.png', repeat: 2 });
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
}

function order(): SalesOrderDetail {
  const p = product();
  const configuration = { colour: 'black', finish: 'matte', handle: 'round', size: 'large', 'name-text': 'Ann' };
  return {
    id: 'abcdefghijklmnop',
    number: 7,
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    status: 'received',
    allowedTransitions: ['in_production', 'cancelled'],
    productId: p.id,
    productName: p.name,
    version: 1,
    variantCode: 'MUG-2-2-1-2-T',
    quantity: 2,
    unitPrice: 2450,
    total: 4900,
    currency: 'EUR',
    price: { currency: 'EUR', lines: [], total: 2450 },
    configuration,
    lines: describeConfiguration(p, configuration, 'en'),
    customer: { name: 'Ann Example', email: 'ann@example.com', address: 'Kerkstraat 1, 1000 Brussel' },
    trackingNumber: null,
    carrier: null,
    source: 'site',
    externalRef: null,
    configurationId: null,
    snapshotUrl: '/api/orders/abcdefghijklmnop/snapshot.png',
    productionSheetUrl: '/api/sales/orders/abcdefghijklmnop/production-sheet.pdf',
    assetBase: '/assets/catalog/mini-mug/v1/',
    product: p,
    history: [],
  };
}

interface Run {
  text: string;
  x: number;
  /** Baseline, in points from the page's top. */
  y: number;
  size: number;
}

/**
 * Read what pdfkit drew, from the uncompressed content stream: each text run (its Tm position and
 * Tf size, the text from its TJ hex strings) and each image (its cm rectangle), top-down.
 */
function readPage(pdf: Buffer) {
  const s = pdf.toString('latin1');
  const height = 841.89;
  const runs: Run[] = [];
  for (const m of s.matchAll(/1 0 0 1 ([\d.-]+) ([\d.-]+) Tm\n\/F\d+ ([\d.]+) Tf\n\[(.*?)\] TJ/g)) {
    const text = [...m[4]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join('');
    runs.push({ text, x: Number(m[1]), y: height - Number(m[2]), size: Number(m[3]) });
  }
  const images = [...s.matchAll(/([\d.]+) 0 0 -([\d.]+) ([\d.-]+) ([\d.-]+) cm\n\/I\d+ Do/g)].map((m) => {
    const h = Number(m[2]);
    return { x: Number(m[3]), top: Number(m[4]) - h, bottom: Number(m[4]), width: Number(m[1]), height: h };
  });
  const rects = [...s.matchAll(/([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) re\n/g)].map((m) => m.slice(1, 5).map(Number));
  return { runs, images, rects, all: runs.map((r) => r.text).join('\n') };
}

describe('production sheet layout (#16 item 12)', () => {
  for (const [shape, png] of [
    ['tall', rgbaPng(120, 900, (x, y) => [x, y % 256, 90, 255])],
    ['wide', rgbaPng(1800, 160, (x, y) => [x % 256, y, 200, 255])],
    ['square', rgbaPng(400, 400, () => [10, 20, 30, 128])],
  ] as const) {
    it(`draws a ${shape} snapshot in its own box: no text run overlaps it, the table starts below it`, async () => {
      const sheet = await makeProductionSheet(order(), png, URL_OF_ORDER);
      expect(sheet.snapshot).toEqual({ status: 'drawn' });
      const page = readPage(Buffer.from(sheet.pdf));
      expect(page.images).toHaveLength(1);
      const img = page.images[0]!;
      // pdfkit's own numbers and the PDF's agree.
      expect(img.top).toBeCloseTo(sheet.layout.image!.y, 2);
      expect(img.height).toBeCloseTo(sheet.layout.image!.height, 2);
      for (const r of page.runs) {
        const top = r.y - r.size;
        const bottom = r.y + r.size * 0.25; // descenders
        const overlaps = top < img.bottom && bottom > img.top;
        expect(overlaps, `"${r.text}" at ${r.y} overlaps the image ${img.top}–${img.bottom}`).toBe(false);
      }
      const partHeader = page.runs.find((r) => r.text === 'Part')!;
      expect(partHeader.y - partHeader.size).toBeGreaterThan(img.bottom);
      expect(sheet.layout.tableTop).toBeGreaterThan(img.bottom);
    });
  }

  it('lists colour codes (hex and the producer code), material and texture names', async () => {
    const { all } = readPage(Buffer.from((await makeProductionSheet(order(), null, URL_OF_ORDER)).pdf));
    expect(all).toContain('#111111 · code RAL 9005');
    // Long specifications wrap inside their column: read them as one line.
    expect(all.replace(/\n/g, '')).toMatch(
      /base #FFFFFF · roughness 0\.9 · texture textures\/oak\.png · normal map textures\/oak-normal\.png · repeat 2×/,
    );
    expect(all).toContain('Black (black)');
  });

  it('gives the font, size and placement of a personal text', async () => {
    const { runs, all } = readPage(Buffer.from((await makeProductionSheet(order(), null, URL_OF_ORDER)).pdf));
    expect(runs.find((r) => r.text === '"Ann"')).toMatchObject({ size: 20 });
    expect(all).toContain('Font: serif, weight 400, colour #202020');
    expect(all).toMatch(/Size: as large as fits part "label-area"/);
    expect(all).toContain('Placement: printed on part "label-area" · 3 of 12 characters');
  });

  it('carries a QR code of the order URL, drawn module by module, and a link to it', async () => {
    const sheet = await makeProductionSheet(order(), null, URL_OF_ORDER);
    const qr = QRCode.create(URL_OF_ORDER, { errorCorrectionLevel: 'M' });
    const dark = [...qr.modules.data].filter(Boolean).length;
    expect(sheet.layout.qr).toMatchObject({ modules: qr.modules.size, dark });
    const { rects } = readPage(Buffer.from(sheet.pdf));
    const { x, y, size } = sheet.layout.qr;
    const inQr = rects.filter(([rx, ry]) => rx! >= x - 0.01 && rx! < x + size && ry! >= y - 0.01 && ry! < y + size);
    expect(inQr).toHaveLength(dark);
    expect(Buffer.from(sheet.pdf).toString('latin1')).toContain(`/URI (${URL_OF_ORDER})`);
  });

  it('leaves out a snapshot that fails its proof, saying why, and draws no image', async () => {
    const sheet = await makeProductionSheet(order(), corruptZlibPng(), URL_OF_ORDER);
    expect(sheet.snapshot).toMatchObject({ status: 'refused', code: 'image_corrupt' });
    const page = readPage(Buffer.from(sheet.pdf));
    expect(page.images).toHaveLength(0);
    expect(page.all).toMatch(/Snapshot not shown: the PNG image data is not a valid zlib stream/);
  });
});
