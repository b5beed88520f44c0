import { AppError } from '../http/AppError.js';
import { MAX_SNAPSHOT_BYTES } from './orderSchemas.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decode a data:image/png;base64 URL and check it really is a PNG (signature, then an IHDR chunk). */
export function decodePngDataUrl(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  const bad = (message: string) => new AppError(400, 'invalid_snapshot', message, [{ path: ['snapshot'], message }]);
  if (bytes.length > MAX_SNAPSHOT_BYTES) throw new AppError(413, 'snapshot_too_large', 'the snapshot is larger than 2 MB');
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw bad('the snapshot is not a PNG image');
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') throw bad('the snapshot is not a PNG image');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 1 || height < 1 || width > 8192 || height > 8192) throw bad('the snapshot size is out of range');
  return bytes;
}
