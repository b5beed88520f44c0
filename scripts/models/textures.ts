import { encodePng } from './png.js';

/**
 * Small tileable procedural textures for the sample products: height fields turned into
 * tangent-space normal maps (OpenGL convention, +Y up, as glTF expects) and one wood colour map.
 * Everything is derived from integer hashes, so every run writes the same bytes.
 */
const SIZE = 256;

function hash(x: number, y: number, seed: number): number {
  let h = (x * 374761393 + y * 668265263 + seed * 1442695041) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Periodic value noise: period cells across the texture. */
function valueNoise(u: number, v: number, period: number, seed: number): number {
  const x = u * period,
    y = v * period;
  const x0 = Math.floor(x),
    y0 = Math.floor(y);
  const fx = x - x0,
    fy = y - y0;
  const s = (t: number) => t * t * (3 - 2 * t);
  const w = (i: number) => ((i % period) + period) % period;
  const a = hash(w(x0), w(y0), seed),
    b = hash(w(x0 + 1), w(y0), seed),
    c = hash(w(x0), w(y0 + 1), seed),
    d = hash(w(x0 + 1), w(y0 + 1), seed);
  return a + (b - a) * s(fx) + (c - a) * s(fy) + (a - b - c + d) * s(fx) * s(fy);
}

function fbm(u: number, v: number, period: number, seed: number, octaves = 4): number {
  let sum = 0,
    amp = 0.5,
    norm = 0;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(u, v, period << o, seed + o);
    norm += amp;
    amp *= 0.5;
  }
  return sum / norm;
}

/** Periodic cellular noise: distance to the nearest and second-nearest feature point. */
function cells(u: number, v: number, period: number, seed: number): [number, number] {
  const x = u * period,
    y = v * period;
  const cx = Math.floor(x),
    cy = Math.floor(y);
  let f1 = 9,
    f2 = 9;
  for (let j = -1; j <= 1; j++)
    for (let i = -1; i <= 1; i++) {
      const gx = cx + i,
        gy = cy + j;
      const wx = ((gx % period) + period) % period,
        wy = ((gy % period) + period) % period;
      const px = gx + hash(wx, wy, seed),
        py = gy + hash(wx, wy, seed + 7);
      const d = Math.hypot(px - x, py - y);
      if (d < f1) [f1, f2] = [d, f1];
      else if (d < f2) f2 = d;
    }
  return [f1, f2];
}

type Height = (u: number, v: number) => number;

function normalMap(h: Height, strength: number): Buffer {
  const heights = new Float64Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) heights[y * SIZE + x] = h(x / SIZE, y / SIZE);
  const at = (x: number, y: number) => heights[((y + SIZE) % SIZE) * SIZE + ((x + SIZE) % SIZE)]!;
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const dx = (at(x + 1, y) - at(x - 1, y)) * strength;
      // Image rows grow downwards while tangent-space +Y points up the texture.
      const dy = (at(x, y - 1) - at(x, y + 1)) * strength;
      const l = Math.hypot(dx, dy, 1);
      const k = (y * SIZE + x) * 3;
      rgb[k] = Math.round((-dx / l / 2 + 0.5) * 255);
      rgb[k + 1] = Math.round((-dy / l / 2 + 0.5) * 255);
      rgb[k + 2] = Math.round((1 / l / 2 + 0.5) * 255);
    }
  return encodePng(SIZE, SIZE, rgb);
}

const leather: Height = (u, v) => {
  const [f1, f2] = cells(u, v, 24, 11);
  const crease = Math.min(1, (f2 - f1) * 4);
  return crease * 0.8 + fbm(u, v, 16, 3) * 0.2;
};

const canvas: Height = (u, v) => {
  const threads = 48;
  const x = u * threads,
    y = v * threads;
  const ix = Math.floor(x),
    iy = Math.floor(y);
  const across = Math.sin((x - ix) * Math.PI);
  const along = Math.sin((y - iy) * Math.PI);
  const warpUp = (ix + iy) % 2 === 0;
  const warp = across * (warpUp ? 1 : 0.55);
  const weft = along * (warpUp ? 0.55 : 1);
  return Math.max(warp, weft) * 0.85 + fbm(u, v, 32, 5, 2) * 0.15;
};

const boucle: Height = (u, v) => {
  const n = fbm(u, v, 12, 21, 4);
  const loops = Math.abs(Math.sin(n * 40));
  return loops * 0.7 + fbm(u, v, 64, 9, 2) * 0.3;
};

const suede: Height = (u, v) => fbm(u, v, 64, 31, 3);

const brushed: Height = (u, v) => {
  // Long streaks: high frequency across, one cell along the brushing direction.
  let s = 0;
  for (let o = 0; o < 3; o++) s += valueNoise(0, v, 128 << o, 41 + o) / (o + 1);
  return s + valueNoise(u, v, 8, 47) * 0.1;
};

function woodGrain(): Buffer {
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const u = x / SIZE,
        v = y / SIZE;
      const warp = fbm(u, v, 4, 51, 3) * 2.2;
      const r = (v * 9 + warp) % 1;
      const ring = Math.pow(Math.abs(Math.sin(r * Math.PI)), 6);
      const fibre = fbm(u * 1, v, 96, 61, 2);
      const l = 0.78 + 0.16 * (1 - ring) - 0.1 * ring + 0.08 * (fibre - 0.5);
      const k = (y * SIZE + x) * 3;
      // Near-neutral, so that the option's baseColor decides the species' colour.
      rgb[k] = Math.round(Math.min(1, l * 1.02) * 255);
      rgb[k + 1] = Math.round(Math.min(1, l) * 255);
      rgb[k + 2] = Math.round(Math.min(1, l * 0.96) * 255);
    }
  return encodePng(SIZE, SIZE, rgb);
}

/** Every texture, by its file name under catalog/data/products/textures/. */
export function buildTextures(): Record<string, Buffer> {
  return {
    'leather-normal.png': normalMap(leather, 6),
    'canvas-normal.png': normalMap(canvas, 10),
    'boucle-normal.png': normalMap(boucle, 8),
    'suede-normal.png': normalMap(suede, 4),
    'brushed-normal.png': normalMap(brushed, 3),
    'wood-grain.png': woodGrain(),
  };
}
