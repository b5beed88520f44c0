import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkImage } from '../../../server/images/checkImage.js';
import { checkPngStructure, provePng } from '../../../server/images/png.js';
import { fitPng } from '../../../server/images/sheetImage.js';
import { bombPng, corruptZlibPng, filter9Png, ihdr, pngChunk, pngOf, rgbaPng } from '../../fixtures/pngFixtures.js';
import { tinyPng } from '../harness.js';

describe('provePng', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await bombPng();
  });

  it('accepts real PNGs: RGBA, interlaced, palette, 16-bit grey', () => {
    expect(provePng(tinyPng()).ok).toBe(true);
    expect(provePng(rgbaPng(5, 3, (x, y) => [x * 40, y * 80, 0, 255]))).toMatchObject({
      ok: true,
      info: { width: 5, height: 3 },
    });
    // pngjs writes what it reads; an interlaced and a palette image are written by hand.
    const interlacedRaw = (() => {
      // 3×3 grey 8-bit, Adam7: passes 1 (1×1), 4 (1×1: x=2), 5 (2×1: y=2), 6 (1×2: x=1), 7 (3×1: y=1)
      const rows = [[1], [1], [2], [1, 1], [3]];
      return Buffer.concat(rows.flatMap((r) => r.map((w) => Buffer.alloc(1 + w))));
    })();
    expect(provePng(pngOf(ihdr(3, 3, 0, 8, 1), pngChunk('IDAT', deflateSync(interlacedRaw)))).ok).toBe(true);
    const palette = pngOf(
      ihdr(4, 1, 3, 2),
      pngChunk('PLTE', Buffer.from([255, 0, 0, 0, 255, 0])),
      pngChunk('IDAT', deflateSync(Buffer.from([0, 0b00011011]))),
    );
    expect(provePng(palette).ok).toBe(true);
    expect(provePng(pngOf(ihdr(2, 1, 0, 16), pngChunk('IDAT', deflateSync(Buffer.alloc(5))))).ok).toBe(true);
  });

  it('refuses a valid signature and IHDR over a corrupt zlib stream (finding 1)', () => {
    expect(checkPngStructure(corruptZlibPng()).ok).toBe(true); // the structure alone is fine
    expect(provePng(corruptZlibPng())).toMatchObject({ ok: false, code: 'image_corrupt', message: /zlib/ });
  });

  it('refuses filter type 9 (finding 1)', () => {
    expect(provePng(filter9Png())).toMatchObject({ ok: false, message: /filter type 9/ });
  });

  it('refuses the 8192×8192 bomb from its header, without inflating it (finding 2)', () => {
    expect(bomb.length).toBeLessThan(300_000);
    expect(checkPngStructure(bomb)).toMatchObject({ ok: false, code: 'image_too_large', message: /8192×8192/ });
    expect(provePng(bomb)).toMatchObject({ ok: false, code: 'image_too_large' });
    // 4096 × 4097 is past the side; 4096 × 4096 is the largest accepted.
    expect(checkPngStructure(pngOf(ihdr(4096, 4097), pngChunk('IDAT', deflateSync(Buffer.alloc(1))))).ok).toBe(false);
  });

  it('refuses image data that inflates to more, or fewer, bytes than the size needs', () => {
    const more = pngOf(ihdr(2, 2), pngChunk('IDAT', deflateSync(Buffer.alloc(1000))));
    expect(provePng(more)).toMatchObject({ ok: false, message: /more bytes/ });
    const fewer = pngOf(ihdr(2, 2), pngChunk('IDAT', deflateSync(Buffer.alloc(10))));
    expect(provePng(fewer)).toMatchObject({ ok: false, message: /holds 10 bytes; its size needs 18/ });
  });

  it('refuses broken structure: CRC, order, missing or extra parts, impossible headers', () => {
    const data = pngChunk('IDAT', deflateSync(Buffer.alloc(18)));
    const cases: [string, Buffer, RegExp][] = [
      ['bad CRC', pngOf(ihdr(2, 2), pngChunk('IDAT', deflateSync(Buffer.alloc(18)), true)), /CRC/],
      ['no IEND', Buffer.concat([pngOf(ihdr(2, 2), data).subarray(0, -12)]), /no end chunk/],
      ['after IEND', Buffer.concat([pngOf(ihdr(2, 2), data), Buffer.from('junk')]), /after its end/],
      ['no IDAT', pngOf(ihdr(2, 2)), /no image data/],
      ['split IDAT', pngOf(ihdr(2, 2), data, pngChunk('tEXt', Buffer.from('a\0b')), data), /split/],
      ['depth 3', pngOf(ihdr(2, 2, 6, 3), data), /colour type, depth/],
      ['palette without PLTE', pngOf(ihdr(2, 2, 3, 8), data), /no palette/],
      ['unknown critical', pngOf(ihdr(2, 2), pngChunk('ABCD', Buffer.alloc(1)), data), /critical chunk ABCD/],
      ['cut short', pngOf(ihdr(2, 2), data).subarray(0, 50), /cut off|past the end/],
      ['not a PNG', Buffer.from('GIF89a'.padEnd(60, '\0')), /not a PNG/],
    ];
    for (const [name, bytes, why] of cases) expect(provePng(bytes), name).toMatchObject({ ok: false, message: why });
  });
});

describe('fitPng', () => {
  it('scales down, flattens onto white and re-encodes as 8-bit RGB', () => {
    // Left half opaque red, right half fully transparent: 8×4 → fit 4 → 4×2.
    const src = rgbaPng(8, 4, (x) => (x < 4 ? [255, 0, 0, 255] : [0, 0, 0, 0]));
    const r = fitPng(src, 4);
    if (!r.ok) throw new Error(r.message);
    expect([r.width, r.height, r.sourceWidth, r.sourceHeight]).toEqual([4, 2, 8, 4]);
    const back = PNG.sync.read(r.png);
    expect(r.png[25]).toBe(2); // IHDR colour type: RGB, no alpha for a PDF writer to split off
    expect([...back.data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
    expect([...back.data.subarray(12, 16)]).toEqual([255, 255, 255, 255]);
  });

  it('never hands back a hostile image', () => {
    expect(fitPng(corruptZlibPng(), 100).ok).toBe(false);
    expect(fitPng(filter9Png(), 100).ok).toBe(false);
  });
});

describe('checkImage (studio textures)', () => {
  it('proves PNG textures and checks JPEG and WebP headers and sizes', () => {
    expect(checkImage(tinyPng(), 'png')).toMatchObject({ ok: true, width: 2, height: 2 });
    expect(checkImage(filter9Png(), 'png')).toMatchObject({ ok: false, code: 'image_corrupt' });
    const jpeg = (w: number, h: number) =>
      Buffer.concat([
        Buffer.from([0xff, 0xd8]),
        Buffer.from([0xff, 0xc0, 0, 11, 8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0]),
        Buffer.from([0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]),
      ]);
    expect(checkImage(jpeg(640, 480), 'jpeg')).toMatchObject({ ok: true, width: 640, height: 480 });
    expect(checkImage(jpeg(8192, 8192), 'jpeg')).toMatchObject({ ok: false, code: 'image_too_large' });
    expect(checkImage(jpeg(640, 480).subarray(0, 20), 'jpeg')).toMatchObject({ ok: false });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.writeUInt32LE(22, 4);
    webp.write('WEBPVP8L', 8, 'latin1');
    webp[20] = 0x2f;
    webp.writeUInt32LE((8191 << 14) | 8191, 21);
    expect(checkImage(webp, 'webp')).toMatchObject({ ok: false, code: 'image_too_large', message: /8192×8192/ });
  });
});
