import { type BufferGeometry, CanvasTexture, SRGBColorSpace } from 'three';
import type { TextAttribute } from '../../catalog/index.js';

export type FontFamily = TextAttribute['font']['family'];
export type TextStyle = TextAttribute['placement']['style'];
export type TextFont = TextAttribute['font'];

/**
 * Local font stacks: the app ships no web fonts and fetches none at run time, so each family is a
 * list of fonts commonly installed on Windows, macOS and Linux, ending in the generic family.
 */
export const FONT_STACKS: Readonly<Record<FontFamily, string>> = {
  sans: 'system-ui, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif',
  serif: 'Georgia, "Times New Roman", "Liberation Serif", "DejaVu Serif", serif',
  script: '"Brush Script MT", "Segoe Script", "Snell Roundhand", "URW Chancery L", "Z003", cursive',
  mono: 'ui-monospace, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
};

/** The CSS font shorthand for a catalog font at a pixel size. */
export function fontCss(font: Pick<TextFont, 'family' | 'weight'>, sizePx: number): string {
  const italic = font.family === 'script' ? 'italic ' : '';
  return `${italic}${font.weight} ${Math.max(1, Math.round(sizePx))}px ${FONT_STACKS[font.family]}`;
}

/**
 * The width/height ratio, in model units, of one unit of a mesh's UV space (u across, v up).
 * Text is drawn in UV space, so a canvas of this aspect keeps the glyphs undistorted on the part.
 * Averages the UV Jacobian over the triangles, weighted by their UV area. 1 when UVs are missing.
 */
export function uvAspect(geometry: BufferGeometry): number {
  const pos = geometry.getAttribute('position');
  const uv = geometry.getAttribute('uv');
  if (!pos || !uv) return 1;
  const idx = geometry.getIndex();
  const count = idx ? idx.count : pos.count;
  let sumU = 0;
  let sumV = 0;
  let sumW = 0;
  const at = (i: number) => (idx ? idx.getX(i) : i);
  for (let t = 0; t + 2 < count; t += 3) {
    const a = at(t);
    const b = at(t + 1);
    const c = at(t + 2);
    const e1 = [pos.getX(b) - pos.getX(a), pos.getY(b) - pos.getY(a), pos.getZ(b) - pos.getZ(a)];
    const e2 = [pos.getX(c) - pos.getX(a), pos.getY(c) - pos.getY(a), pos.getZ(c) - pos.getZ(a)];
    const du1 = uv.getX(b) - uv.getX(a);
    const dv1 = uv.getY(b) - uv.getY(a);
    const du2 = uv.getX(c) - uv.getX(a);
    const dv2 = uv.getY(c) - uv.getY(a);
    const det = du1 * dv2 - du2 * dv1;
    if (Math.abs(det) < 1e-12) continue;
    // dP/du and dP/dv: the model-space length of one unit of u and of v on this triangle.
    let lu = 0;
    let lv = 0;
    for (let k = 0; k < 3; k++) {
      const pu = (e1[k]! * dv2 - e2[k]! * dv1) / det;
      const pv = (e2[k]! * du1 - e1[k]! * du2) / det;
      lu += pu * pu;
      lv += pv * pv;
    }
    const w = Math.abs(det);
    sumU += Math.sqrt(lu) * w;
    sumV += Math.sqrt(lv) * w;
    sumW += w;
  }
  if (sumW === 0 || sumV === 0) return 1;
  return sumU / sumV;
}

/** Canvas pixel size for a UV aspect: the long side `maxSide`, the short side at least 32 px. */
export function canvasSizeFor(aspect: number, maxSide = 1024): { width: number; height: number } {
  const a = Number.isFinite(aspect) && aspect > 0 ? aspect : 1;
  if (a >= 1) return { width: maxSide, height: Math.max(32, Math.round(maxSide / Math.min(a, 32))) };
  return { width: Math.max(32, Math.round(maxSide * Math.max(a, 1 / 32))), height: maxSide };
}

export interface TextLayout {
  lines: string[];
  fontSize: number;
}

/**
 * Fit a text into a width × height box: one line as large as fits, or two lines split at the space
 * nearest the middle when that gives clearly larger letters. `measure` is the width of a string
 * at 100 px (the canvas's measureText in the browser).
 */
export function layoutText(text: string, measure: (s: string) => number, width: number, height: number): TextLayout {
  const usableW = width * 0.86;
  const usableH = height * 0.78;
  const fit = (lines: string[]) => {
    const widest = Math.max(...lines.map((l) => measure(l)), 1);
    const byWidth = (usableW / widest) * 100;
    const byHeight = usableH / (lines.length * 1.15);
    return Math.min(byWidth, byHeight);
  };
  let best: TextLayout = { lines: [text], fontSize: fit([text]) };
  const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
  if (spaces.length > 0) {
    const mid = text.length / 2;
    const split = spaces.reduce((a, b) => (Math.abs(b - mid) < Math.abs(a - mid) ? b : a));
    const two = [text.slice(0, split), text.slice(split + 1)];
    const size = fit(two);
    if (size > best.fontSize * 1.25) best = { lines: two, fontSize: size };
  }
  return best;
}

type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
export type CanvasLike = HTMLCanvasElement | OffscreenCanvas;
export type CreateCanvas = (width: number, height: number) => CanvasLike | null;

/** A canvas from the DOM or OffscreenCanvas; null in Node, where personal text is not drawn. */
export const defaultCreateCanvas: CreateCanvas = (width, height) => {
  if (typeof document !== 'undefined') {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    return c;
  }
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  return null;
};

function shade(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const ch = (s: number) => {
    const v = (n >> s) & 255;
    const out = amount < 0 ? v * (1 + amount) : v + (255 - v) * amount;
    return Math.round(out).toString(16).padStart(2, '0');
  };
  return `#${ch(16)}${ch(8)}${ch(0)}`;
}

/**
 * A personal text drawn on a transparent canvas in a mesh's UV space. The canvas and its
 * CanvasTexture are created once per placement and redrawn in place as the consumer types.
 */
export class TextTexture {
  readonly texture: CanvasTexture;
  private readonly ctx: Canvas2D;
  private drawn: string | null = null;

  constructor(
    readonly canvas: CanvasLike,
    private readonly font: TextFont,
    private readonly style: TextStyle,
  ) {
    const ctx = canvas.getContext('2d') as Canvas2D | null;
    if (!ctx) throw new Error('no 2D canvas context for the personal text');
    this.ctx = ctx;
    this.texture = new CanvasTexture(canvas as HTMLCanvasElement);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.flipY = false; // glTF UV convention: v grows downwards in image space
    this.texture.anisotropy = 4;
    this.texture.name = 'personal-text';
  }

  /** Redraw the text (no-op when unchanged). Returns whether the canvas changed. */
  draw(text: string): boolean {
    if (text === this.drawn) return false;
    this.drawn = text;
    const { ctx } = this;
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    if (text) {
      ctx.font = fontCss(this.font, 100);
      const layout = layoutText(text, (s) => ctx.measureText(s).width, width, height);
      this.paint(layout, width, height);
    }
    this.texture.needsUpdate = true;
    return true;
  }

  private paint({ lines, fontSize }: TextLayout, width: number, height: number): void {
    const { ctx, font } = this;
    ctx.font = fontCss(font, fontSize);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const lineH = fontSize * 1.15;
    const top = height / 2 - (lineH * (lines.length - 1)) / 2;
    const d = Math.max(1, fontSize * 0.035);
    lines.forEach((line, i) => {
      const y = top + i * lineH;
      const x = width / 2;
      if (this.style === 'engraved') {
        // Cut into the surface: a light lower-right lip and a dark core read as depth.
        ctx.fillStyle = 'rgba(255,255,255,0.55)';
        ctx.fillText(line, x + d, y + d);
        ctx.fillStyle = shade(font.colour, -0.35);
        ctx.fillText(line, x - d * 0.5, y - d * 0.5);
        ctx.fillStyle = font.colour;
        ctx.fillText(line, x, y);
      } else if (this.style === 'embroidered') {
        // Thread: a darker stitched outline around a filled satin stitch.
        ctx.lineJoin = 'round';
        ctx.lineWidth = d * 2.2;
        ctx.strokeStyle = shade(font.colour, -0.45);
        ctx.setLineDash([d * 2.5, d * 1.2]);
        ctx.strokeText(line, x, y);
        ctx.setLineDash([]);
        ctx.fillStyle = font.colour;
        ctx.fillText(line, x, y);
      } else {
        ctx.fillStyle = font.colour;
        ctx.fillText(line, x, y);
      }
    });
    if (this.style === 'embroidered') {
      // Diagonal satin-stitch sheen, only where thread was laid down.
      ctx.save();
      ctx.globalCompositeOperation = 'source-atop';
      ctx.strokeStyle = 'rgba(255,255,255,0.18)';
      ctx.lineWidth = Math.max(1, d * 0.6);
      const step = Math.max(3, d * 2);
      ctx.beginPath();
      for (let x = -height; x < width; x += step) {
        ctx.moveTo(x, height);
        ctx.lineTo(x + height, 0);
      }
      ctx.stroke();
      ctx.restore();
    }
  }

  dispose(): void {
    this.texture.dispose();
  }
}
