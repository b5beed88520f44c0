import { IMAGE_LIMITS, provePng } from './png.js';

export type ImageCheck =
  { ok: true; width: number; height: number; format: 'png' | 'jpeg' | 'webp' } | { ok: false; code: string; message: string };

const bad = (code: string, message: string) => ({ ok: false as const, code, message });
const tooLarge = (w: number, h: number, limits: typeof IMAGE_LIMITS) =>
  w > limits.maxSide || h > limits.maxSide || w * h > limits.maxPixels
    ? bad(
        'image_too_large',
        `the image is ${w}×${h} pixels; at most ${limits.maxSide}×${limits.maxSide} and ${limits.maxPixels / 1024 / 1024} M pixels are accepted`,
      )
    : null;

/**
 * JPEG: the marker segments in order up to the first scan (SOI, segments each inside the file,
 * a baseline or progressive frame header with its size), and an end marker (EOI) at the end.
 * The server ships no JPEG decoder, so the entropy-coded data itself is not decoded here.
 */
function checkJpeg(b: Buffer, limits: typeof IMAGE_LIMITS): ImageCheck {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return bad('image_not_jpeg', 'the file is not a JPEG image');
  let at = 2;
  let size: [number, number] | null = null;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return bad('image_corrupt', 'the JPEG has a broken marker');
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > b.length) return bad('image_corrupt', 'a JPEG segment runs past the end of the file');
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) return bad('image_corrupt', 'the JPEG frame header is too short');
      size = [b.readUInt16BE(at + 7), b.readUInt16BE(at + 5)];
    }
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    at += 2 + length;
  }
  if (!size) return bad('image_corrupt', 'the JPEG has no frame header (SOF) before its image data');
  if (size[0] < 1 || size[1] < 1) return bad('image_corrupt', 'the JPEG is 0 pixels wide or high');
  if (b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) return bad('image_corrupt', 'the JPEG is cut off (no end marker)');
  return tooLarge(size[0], size[1], limits) ?? { ok: true, width: size[0], height: size[1], format: 'jpeg' };
}

/** WebP: a RIFF container whose length is the file's, and a VP8, VP8L or VP8X header with its size. */
function checkWebp(b: Buffer, limits: typeof IMAGE_LIMITS): ImageCheck {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP')
    return bad('image_not_webp', 'the file is not a WebP image');
  if (b.readUInt32LE(4) + 8 !== b.length) return bad('image_corrupt', 'the WebP container length is not the file length');
  const chunk = b.toString('latin1', 12, 16);
  let w: number;
  let h: number;
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return bad('image_corrupt', 'the WebP (VP8) frame header is invalid');
    w = b.readUInt16LE(26) & 0x3fff;
    h = b.readUInt16LE(28) & 0x3fff;
  } else if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return bad('image_corrupt', 'the WebP (VP8L) header is invalid');
    const bits = b.readUInt32LE(21);
    w = (bits & 0x3fff) + 1;
    h = ((bits >> 14) & 0x3fff) + 1;
  } else if (chunk === 'VP8X') {
    w = b.readUIntLE(24, 3) + 1;
    h = b.readUIntLE(27, 3) + 1;
  } else return bad('image_corrupt', `the WebP has an unknown first chunk ${JSON.stringify(chunk)}`);
  if (w < 1 || h < 1) return bad('image_corrupt', 'the WebP is 0 pixels wide or high');
  return tooLarge(w, h, limits) ?? { ok: true, width: w, height: h, format: 'webp' };
}

/**
 * An uploaded texture checked before it is stored: a PNG fully (provePng: every chunk's CRC, the
 * zlib stream, every row's filter type, the size within IMAGE_LIMITS); a JPEG or WebP by its
 * structure and size. `type` is what the file name says it is.
 */
export function checkImage(bytes: Uint8Array, type: 'png' | 'jpeg' | 'webp', limits = IMAGE_LIMITS): ImageCheck {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'png') {
    const p = provePng(b, limits);
    return p.ok
      ? { ok: true, width: p.info.width, height: p.info.height, format: 'png' }
      : { ok: false, code: p.code, message: p.message };
  }
  return type === 'jpeg' ? checkJpeg(b, limits) : checkWebp(b, limits);
}

/** The pool task: `tasks.run('checkImage', { bytes, type })`. */
export const checkImageTask = (input: { bytes: Uint8Array; type: 'png' | 'jpeg' | 'webp' }) =>
  checkImage(input.bytes, input.type);
