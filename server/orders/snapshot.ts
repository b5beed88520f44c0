import { AppError } from '../http/AppError.js';
import { checkPngStructure } from '../images/png.js';
import { MAX_SNAPSHOT_BYTES } from './orderSchemas.js';

/**
 * Decode a data:image/png;base64 URL and check its PNG structure: signature, every chunk's CRC,
 * the header's size within 4096×4096 and 16 M pixels, chunk order (checkPngStructure). That is one
 * pass over at most 2 MB without inflating anything, cheap enough for the order route; the image
 * data itself (zlib stream, filter bytes) is proven in a task thread before a production sheet
 * draws it (images/sheetImage.ts), as is any snapshot stored before this check existed.
 */
export function decodePngDataUrl(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length > MAX_SNAPSHOT_BYTES) throw new AppError(413, 'snapshot_too_large', 'the snapshot is larger than 2 MB');
  const check = checkPngStructure(bytes);
  if (!check.ok) {
    const message =
      check.code === 'image_too_large'
        ? check.message.replace('the image', 'the snapshot')
        : `the snapshot is not a valid PNG image: ${check.message}`;
    throw new AppError(400, 'invalid_snapshot', message, [{ path: ['snapshot'], message }]);
  }
  return bytes;
}
