import { inflateSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';

/** Decoded RGBA pixels of a screenshot. */
export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8Array;
}

/** Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      colourType = body[9]!;
      if (depth !== 8 || (colourType !== 2 && colourType !== 6) || body[12] !== 0)
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType})`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const bpp = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? cur[x - bpp]! : 0;
      const b = prev[x]!;
      const c = x >= bpp ? prev[x - bpp]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = cur[x * bpp]!;
      out[o + 1] = cur[x * bpp + 1]!;
      out[o + 2] = cur[x * bpp + 2]!;
      out[o + 3] = bpp === 4 ? cur[x * bpp + 3]! : 255;
    }
    prev = cur;
  }
  return { width, height, data: out };
}

/**
 * Screenshot of an element's box (the canvas region as the user sees it), decoded. Playwright first
 * waits for the element to be stable (the same box on two animation frames); with WebGL on the CPU
 * and the machine loaded, frames can take seconds, so that wait may take longer than the default
 * action timeout of 30 s (a CI run at load 8–11 failed on it, the same test passing in 14 s at load 3).
 */
export async function capture(target: Locator): Promise<Pixels> {
  return decodePng(await target.screenshot({ animations: 'disabled', timeout: 120_000 }));
}

export interface Diff {
  /** Pixels whose largest channel difference exceeds the threshold. */
  changed: number;
  /** Fraction of all pixels changed. */
  ratio: number;
  /** Bounding box of the changed pixels, or null when none changed. */
  box: { x0: number; y0: number; x1: number; y1: number } | null;
  /** Per-cell change counts on a grid (rows × cols), for "where" assertions. */
  grid: number[][];
}

/** Compare two captures of the same size pixel by pixel. */
export function diffPixels(a: Pixels, b: Pixels, threshold = 24, gridSize = 8): Diff {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`size differs: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  const grid = Array.from({ length: gridSize }, () => new Array<number>(gridSize).fill(0));
  let changed = 0;
  let box: Diff['box'] = null;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const o = (y * a.width + x) * 4;
      const d = Math.max(
        Math.abs(a.data[o]! - b.data[o]!),
        Math.abs(a.data[o + 1]! - b.data[o + 1]!),
        Math.abs(a.data[o + 2]! - b.data[o + 2]!),
      );
      if (d <= threshold) continue;
      changed++;
      grid[Math.floor((y * gridSize) / a.height)]![Math.floor((x * gridSize) / a.width)]!++;
      if (!box) box = { x0: x, y0: y, x1: x, y1: y };
      else {
        box.x0 = Math.min(box.x0, x);
        box.y0 = Math.min(box.y0, y);
        box.x1 = Math.max(box.x1, x);
        box.y1 = Math.max(box.y1, y);
      }
    }
  }
  return { changed, ratio: changed / (a.width * a.height), box, grid };
}

/** A boolean mask of the pixels that differ between two captures. */
export function changeMask(a: Pixels, b: Pixels, threshold = 24): Uint8Array {
  const m = new Uint8Array(a.width * a.height);
  for (let i = 0; i < m.length; i++) {
    const o = i * 4;
    const d = Math.max(
      Math.abs(a.data[o]! - b.data[o]!),
      Math.abs(a.data[o + 1]! - b.data[o + 1]!),
      Math.abs(a.data[o + 2]! - b.data[o + 2]!),
    );
    m[i] = d > threshold ? 1 : 0;
  }
  return m;
}

/** Waits until two consecutive captures of `target` are identical (rendering has settled). */
export async function settledCapture(page: Page, target: Locator, timeoutMs = 10_000): Promise<Pixels> {
  const deadline = Date.now() + timeoutMs;
  let last = await capture(target);
  for (;;) {
    await page.waitForTimeout(120);
    const next = await capture(target);
    if (diffPixels(last, next, 2).changed === 0) return next;
    if (Date.now() > deadline) return next;
    last = next;
  }
}
