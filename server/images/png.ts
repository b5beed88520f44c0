import { crc32, inflateSync } from 'node:zlib';

/** What an image from outside may be at most: 4096 px a side and 16 M pixels. */
export const IMAGE_LIMITS = { maxSide: 4096, maxPixels: 16 * 1024 * 1024 };

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bit depths allowed per colour type (PNG spec, table 11.1) and the channels of each. */
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7: x start, y start, x step, y step of each pass. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
  /** Bytes the image data inflates to: per row (of each interlace pass) one filter byte and the row. */
  rawBytes: number;
}

export type PngCheck = { ok: true; info: PngInfo } | { ok: false; code: string; message: string };

const bad = (code: string, message: string) => ({ ok: false as const, code, message });

/** Rows of the image data: [row count, bytes per row without the filter byte], per interlace pass. */
function rowsOf(info: Omit<PngInfo, 'rawBytes'>): [number, number][] {
  const bitsPerPixel = CHANNELS[info.colourType]! * info.bitDepth;
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  if (!info.interlaced) return [[info.height, rowBytes(info.width)]];
  return ADAM7.map(([x0, y0, dx, dy]): [number, number] => {
    const w = info.width > x0 ? Math.ceil((info.width - x0) / dx) : 0;
    const h = info.height > y0 ? Math.ceil((info.height - y0) / dy) : 0;
    return w && h ? [h, rowBytes(w)] : [0, 0];
  });
}

/**
 * The structure of a PNG, without inflating it: signature; every chunk inside the file with a
 * correct CRC (unless `crc: false`); IHDR first with a valid size, depth and colour type within
 * IMAGE_LIMITS; PLTE where one belongs; IDAT chunks together; IEND last; no unknown critical chunk.
 * Without the CRC pass it reads only the chunk headers (microseconds, whatever the size: for a
 * request); `provePng` adds the CRCs and the image data itself.
 */
export function checkPngStructure(
  bytes: Uint8Array,
  limits = IMAGE_LIMITS,
  { crc = true }: { crc?: boolean } = {},
): PngCheck & { idat?: Uint8Array[] } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 8 + 25 + 12 || !b.subarray(0, 8).equals(SIGNATURE)) return bad('image_not_png', 'the file is not a PNG image');
  let at = 8;
  let info: Omit<PngInfo, 'rawBytes'> | null = null;
  let palette = 0;
  let idatState: 'before' | 'in' | 'after' = 'before';
  const idat: Uint8Array[] = [];
  let ended = false;
  while (at < b.length) {
    if (ended) return bad('image_corrupt', 'the PNG has bytes after its end (IEND)');
    if (at + 12 > b.length) return bad('image_corrupt', 'the PNG is cut off inside a chunk header');
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (length > 0x7fffffff || at + 12 + length > b.length)
      return bad('image_corrupt', `the PNG's ${JSON.stringify(type)} chunk runs past the end of the file`);
    if (!/^[A-Za-z]{4}$/.test(type)) return bad('image_corrupt', 'the PNG has a chunk with an invalid type');
    if (crc && crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length))
      return bad('image_corrupt', `the PNG's ${type} chunk fails its CRC check`);
    const data = b.subarray(at + 8, at + 8 + length);
    if (!info && type !== 'IHDR') return bad('image_corrupt', 'the PNG does not start with its header (IHDR)');
    if (idatState === 'in' && type !== 'IDAT') idatState = 'after';
    switch (type) {
      case 'IHDR': {
        if (info || length !== 13) return bad('image_corrupt', 'the PNG has an invalid header (IHDR)');
        const width = data.readUInt32BE(0);
        const height = data.readUInt32BE(4);
        const [bitDepth, colourType, compression, filter, interlace] = data.subarray(8, 13);
        if (!DEPTHS[colourType!]?.includes(bitDepth!) || compression !== 0 || filter !== 0 || interlace! > 1)
          return bad('image_corrupt', 'the PNG header names a colour type, depth or method that does not exist');
        if (width < 1 || height < 1) return bad('image_corrupt', 'the PNG is 0 pixels wide or high');
        if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels)
          return bad(
            'image_too_large',
            `the image is ${width}×${height} pixels; at most ${limits.maxSide}×${limits.maxSide} and ${limits.maxPixels / 1024 / 1024} M pixels are accepted`,
          );
        info = { width, height, bitDepth: bitDepth!, colourType: colourType!, interlaced: interlace === 1 };
        break;
      }
      case 'PLTE':
        if (idatState !== 'before' || palette || length === 0 || length % 3 || length > 768)
          return bad('image_corrupt', 'the PNG has an invalid palette (PLTE)');
        if (info!.colourType === 0 || info!.colourType === 4) return bad('image_corrupt', 'a greyscale PNG has a palette (PLTE)');
        palette = length / 3;
        break;
      case 'IDAT':
        if (idatState === 'after') return bad('image_corrupt', 'the PNG image data (IDAT) is split by other chunks');
        idatState = 'in';
        idat.push(data);
        break;
      case 'IEND':
        if (length !== 0) return bad('image_corrupt', 'the PNG end chunk (IEND) is not empty');
        ended = true;
        break;
      default:
        // Ancillary chunks (lower-case first letter) may be skipped; an unknown critical one may not.
        if (type.charCodeAt(0) < 97) return bad('image_corrupt', `the PNG has an unknown critical chunk ${type}`);
    }
    at += 12 + length;
  }
  if (!info) return bad('image_corrupt', 'the PNG has no header (IHDR)');
  if (!ended) return bad('image_corrupt', 'the PNG is cut off: it has no end chunk (IEND)');
  if (!idat.length) return bad('image_corrupt', 'the PNG has no image data (IDAT)');
  if (info.colourType === 3 && !palette) return bad('image_corrupt', 'a palette PNG has no palette (PLTE)');
  const rawBytes = rowsOf(info).reduce((n, [rows, bytesPerRow]) => n + rows * (1 + bytesPerRow), 0);
  return { ok: true, info: { ...info, rawBytes }, idat };
}

/**
 * A PNG proven decodable: its structure (checkPngStructure), then the image data inflated —
 * a complete zlib stream, exactly as many bytes as the size needs (never more: the inflate stops
 * there, so a bomb costs at most rawBytes), and a valid filter type (0–4) at the start of every row.
 * Returns the inflated, still filtered, rows.
 */
export function provePng(bytes: Uint8Array, limits = IMAGE_LIMITS): PngCheck & { raw?: Buffer } {
  const s = checkPngStructure(bytes, limits);
  if (!s.ok) return s;
  const { info } = s;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(s.idat!), { maxOutputLength: info.rawBytes });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      return bad('image_corrupt', 'the PNG image data inflates to more bytes than its size needs');
    return bad('image_corrupt', `the PNG image data is not a valid zlib stream (${(e as Error).message})`);
  }
  if (raw.length !== info.rawBytes)
    return bad('image_corrupt', `the PNG image data holds ${raw.length} bytes; its size needs ${info.rawBytes}`);
  let at = 0;
  for (const [rows, bytesPerRow] of rowsOf(info)) {
    for (let r = 0; r < rows; r++, at += 1 + bytesPerRow)
      if (raw[at]! > 4) return bad('image_corrupt', `the PNG has an invalid filter type ${raw[at]} on a row`);
  }
  return { ok: true, info, raw };
}
