import { PNG } from 'pngjs';
import { IMAGE_LIMITS, provePng } from './png.js';

export type FittedImage =
  | { ok: true; png: Buffer; width: number; height: number; sourceWidth: number; sourceHeight: number }
  | { ok: false; code: string; message: string };

/**
 * A PNG from outside, proven decodable (provePng), decoded and redrawn by us: scaled down to fit
 * `maxSide` (area average), flattened onto white, and encoded again as an 8-bit RGB PNG without
 * interlace. What a PDF writer gets is therefore always our own encoder's output, never the
 * sender's bytes (pdfkit decodes PNGs with alpha in an async callback whose throw ended the process).
 */
export function fitPng(bytes: Uint8Array, maxSide: number, limits = IMAGE_LIMITS): FittedImage {
  const proof = provePng(bytes, limits);
  if (!proof.ok) return proof;
  // Proven above, so pngjs's own (unbounded, for interlaced images) inflate meets exactly rawBytes.
  const src = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width: w, height: h } = src;
  const scale = Math.min(1, maxSide / Math.max(w, h));
  const dw = Math.max(1, Math.round(w * scale));
  const dh = Math.max(1, Math.round(h * scale));
  const out = new PNG({ width: dw, height: dh, colorType: 2 });
  const s = src.data;
  const d = out.data;
  for (let y = 0; y < dh; y++) {
    const y0 = Math.floor((y * h) / dh);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * h) / dh));
    for (let x = 0; x < dw; x++) {
      const x0 = Math.floor((x * w) / dw);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * w) / dw));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0, i = (yy * w + x0) * 4; xx < x1; xx++, i += 4) {
          const a = s[i + 3]!;
          // Onto white: transparent pixels of a snapshot are the page, not black.
          r += (s[i]! * a + 255 * (255 - a)) / 255;
          g += (s[i + 1]! * a + 255 * (255 - a)) / 255;
          b += (s[i + 2]! * a + 255 * (255 - a)) / 255;
          n++;
        }
      }
      const o = (y * dw + x) * 4;
      d[o] = Math.round(r / n);
      d[o + 1] = Math.round(g / n);
      d[o + 2] = Math.round(b / n);
      d[o + 3] = 255;
    }
  }
  const png = PNG.sync.write(out, { colorType: 2, inputColorType: 6, inputHasAlpha: true });
  return { ok: true, png, width: dw, height: dh, sourceWidth: w, sourceHeight: h };
}
