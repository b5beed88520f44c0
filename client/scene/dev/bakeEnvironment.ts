/**
 * Bakes three's RoomEnvironment, prefiltered by PMREMGenerator, into client/scene/assets/roomEnvironment.bin
 * (the format is described in client/scene/environmentMap.ts). Run it again after a three.js upgrade:
 *
 *   npx tsx client/scene/dev/bakeEnvironment.ts [--size 256]
 *
 * The prefiltering runs in headless Chromium (WebGL), exactly as the app used to run it on every
 * page load. Then it renders a test scene (mirror, glossy and rough spheres) lit once by the live
 * PMREM and once by the baked file and fails when they differ, so orientation and mips are checked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { encodeEnvironment, type EnvironmentLevels } from '../environmentMap.js';

const args = process.argv.slice(2);
const size = Number(args[args.indexOf('--size') + 1] ?? 256) || 256;
const here = import.meta.dirname;
const outFile = path.resolve(here, '../assets/roomEnvironment.bin');

// The page script: three + RoomEnvironment + the decoder, bundled for the browser.
const page = `
import { Mesh, MeshStandardMaterial, NeutralToneMapping, PerspectiveCamera, PMREMGenerator, Scene, SphereGeometry, WebGLRenderer } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { decodeEnvironment } from ${JSON.stringify(path.resolve(here, '../environmentMap.ts'))};
const renderer = new WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
renderer.setSize(384, 128, false);
renderer.toneMapping = NeutralToneMapping;
window.bake = (size) => {
  const pmrem = new PMREMGenerator(renderer);
  pmrem._setSize = function (s) { this._cubeSize = s; }; // allow sizes under the 256 minimum
  const room = new RoomEnvironment();
  const target = pmrem.fromScene(room, 0.04, 0.1, 100, { size });
  window.live = target.texture;
  const gl = renderer.getContext();
  const tex = renderer.properties.get(target.texture).__webglTexture;
  const fb = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
  const levels = [];
  for (let l = 0; l < target.texture.mipmaps.length; l++) {
    const side = size >> l;
    const faces = [];
    for (let f = 0; f < 6; f++) {
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_CUBE_MAP_POSITIVE_X + f, tex, l);
      const px = new Float32Array(side * side * 4);
      gl.readPixels(0, 0, side, side, gl.RGBA, gl.FLOAT, px);
      faces.push(Array.from(px));
    }
    levels.push(faces);
  }
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  return levels;
};
function shot(env) {
  const scene = new Scene();
  scene.environment = env;
  [0, 0.25, 0.7].forEach((roughness, i) => {
    const m = new Mesh(new SphereGeometry(0.45, 48, 24), new MeshStandardMaterial({ color: 0xffffff, metalness: 1, roughness }));
    m.position.x = (i - 1) * 1.0;
    scene.add(m);
  });
  const cam = new PerspectiveCamera(35, 3, 0.1, 10);
  cam.position.set(0.3, 0.4, 2.6);
  cam.lookAt(0, 0, 0);
  renderer.render(scene, cam);
  const gl = renderer.getContext();
  const px = new Uint8Array(384 * 128 * 4);
  gl.readPixels(0, 0, 384, 128, gl.RGBA, gl.UNSIGNED_BYTE, px);
  return px;
}
window.compare = (bytes) => {
  const a = shot(window.live);
  const b = shot(decodeEnvironment(new Uint8Array(bytes)));
  let max = 0, sum = 0;
  for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); max = Math.max(max, d); sum += d; }
  return { max, mean: sum / a.length };
};
`;
const bundle = await build({
  stdin: { contents: page, resolveDir: path.resolve(here, '../../..'), loader: 'ts' },
  bundle: true,
  format: 'iife',
  write: false,
  logLevel: 'error',
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--headless=new'],
});
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error(e));
  await tab.setContent('<!doctype html><body></body>');
  await tab.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const raw = (await tab.evaluate((s) => (window as unknown as { bake(s: number): number[][][] }).bake(s), size)) as number[][][];
  // Render-target faces → image cube map faces: three mirrors image cube maps in x, so swap
  // +x/−x and flip every face left-right; the renderer's mirror then gives the same directions.
  const levels: EnvironmentLevels['levels'] = raw.map((faces, l) => {
    const side = size >> l;
    return [1, 0, 2, 3, 4, 5].map((src) => {
      const from = faces[src]!;
      const to = new Float32Array(from.length);
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++)
          for (let c = 0; c < 4; c++) to[(y * side + x) * 4 + c] = from[(y * side + (side - 1 - x)) * 4 + c]!;
      return to;
    });
  });
  const bytes = encodeEnvironment({ size, levels });
  const diff = await tab.evaluate(
    (b) => (window as unknown as { compare(b: number[]): { max: number; mean: number } }).compare(b),
    [...bytes],
  );
  console.log(`live PMREM vs baked file, rendered: max channel difference ${diff.max}, mean ${diff.mean.toFixed(3)}`);
  if (diff.max > 12 || diff.mean > 0.6) throw new Error('the baked environment does not match the live one');
  const gz = gzipSync(bytes, { level: 9 });
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, gz);
  console.log(`${outFile}: ${size}px, ${levels.length} mips, ${bytes.length} bytes, ${gz.length} gzipped`);
} finally {
  await browser.close();
}
