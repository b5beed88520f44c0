/**
 * npx tsx tests/bench/snapshotBench.ts [file.png] — what checking an order's snapshot costs the event
 * loop, per order: the check before issue #13 (signature and IHDR), the structure check the order
 * route makes now (checkPngStructure without CRCs: chunk order, size limits), the same with every
 * chunk's CRC, and the full proof
 * (provePng: inflating and every row's filter byte), which runs in a task thread instead. Medians of
 * ROUNDS rounds in one process, interleaved. Without a file, a 960×720 RGBA snapshot-like image.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PNG } from 'pngjs';
import { checkPngStructure, provePng } from '../../server/images/png.js';

const ROUNDS = 15;
const PER_ROUND = 20;

function sampleSnapshot(): Buffer {
  const w = 960;
  const h = 720;
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const dx = (x - w / 2) / 260;
      const dy = (y - h / 2) / 220;
      const r2 = dx * dx + dy * dy;
      const shade = r2 < 1 ? Math.round(200 * (1 - r2) + 30 + ((x * 7 + y * 13) % 5)) : 0;
      png.data.set(
        r2 < 1
          ? [shade, shade * 0.7, shade * 0.5, 255]
          : [240, 240, 245, Math.max(0, 255 - Math.hypot(x - w / 2, y - h / 2) / 3)],
        i,
      );
    }
  return PNG.sync.write(png);
}

const bytes = process.argv[2] ? readFileSync(process.argv[2]) : sampleSnapshot();
const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const before = (b: Buffer) => b.subarray(0, 8).equals(SIG) && b.readUInt32BE(8) === 13 && b.toString('latin1', 12, 16) === 'IHDR';
const dataUrl = `data:image/png;base64,${bytes.toString('base64')}`;
const decode = () => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

const ways: [string, () => unknown][] = [
  ['base64 decode only (both)', () => decode()],
  ['before: signature + IHDR', () => before(decode())],
  ['now: structure, no CRC', () => checkPngStructure(decode(), undefined, { crc: false }).ok || 0],
  ['structure with CRCs', () => checkPngStructure(decode()).ok || 0],
  ['full proof: provePng', () => provePng(decode()).ok || 0],
];
const times = new Map(ways.map(([name]) => [name, [] as number[]]));
for (let r = 0; r < ROUNDS; r++)
  for (const [name, fn] of ways) {
    const t0 = performance.now();
    for (let i = 0; i < PER_ROUND; i++) fn();
    times.get(name)!.push((performance.now() - t0) / PER_ROUND);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`snapshot ${bytes.length} bytes; ${ROUNDS} rounds × ${PER_ROUND}; load average ${loadavg()[0]!.toFixed(1)}`);
for (const [name] of ways) console.log(`${name.padEnd(28)} median ${median(times.get(name)!).toFixed(3)} ms an order`);
