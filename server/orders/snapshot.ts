import { AppError } from '../http/AppError.js';
import { checkPngStructure } from '../images/png.js';
import { MAX_SNAPSHOT_BYTES } from './orderSchemas.js';

/**
 * Decode a data:image/png;base64 URL and check its PNG structure: signature, chunks inside the
 * file and in order, the header's size within 4096×4096 and 16 M pixels (checkPngStructure without
 * its CRC pass). That reads chunk headers only, cheap enough for the order route; the CRCs and the
 * image data (zlib stream, filter bytes) are proven in a task thread before a production sheet
 * draws it (images/sheetImage.ts), as is any snapshot stored before this check existed: the full
 * proof is too slow for the event loop at thousands of orders a second (docs/benchmarks.md, Server:
 * order snapshot checks).
 */
export function decodePngDataUrl(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length > MAX_SNAPSHOT_BYTES) throw new AppError(413, 'snapshot_too_large', 'the snapshot is larger than 2 MB');
  // Chunk headers only: the CRC pass is measured by tests/bench/snapshotBench.ts (docs/benchmarks.md).
  const check = checkPngStructure(bytes, undefined, { crc: false });
  if (!check.ok) {
    const message =
      check.code === 'image_too_large'
        ? check.message.replace('the image', 'the snapshot')
        : `the snapshot is not a valid PNG image: ${check.message}`;
    throw new AppError(400, 'invalid_snapshot', message, [{ path: ['snapshot'], message }]);
  }
  return bytes;
}
