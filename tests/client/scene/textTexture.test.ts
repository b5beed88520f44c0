import { describe, expect, it } from 'vitest';
import { Box3, PlaneGeometry, Vector3 } from 'three';
import { canvasSizeFor, fontCss, FONT_STACKS, layoutText, uvAspect } from '../../../client/scene/textTexture.js';
import { fitView, orbitLimits } from '../../../client/scene/cameraViews.js';

// Width of a string at 100 px for a font whose glyphs are all 60 px wide (a monospace font).
const mono = (s: string) => s.length * 60;

describe('text layout', () => {
  it('measures the UV aspect of a part in model units', () => {
    expect(uvAspect(new PlaneGeometry(4, 1))).toBeCloseTo(4, 5);
    expect(uvAspect(new PlaneGeometry(0.02, 0.05))).toBeCloseTo(0.4, 5);
  });

  it('sizes the canvas to that aspect, long side fixed', () => {
    expect(canvasSizeFor(4)).toEqual({ width: 1024, height: 256 });
    expect(canvasSizeFor(0.5)).toEqual({ width: 512, height: 1024 });
    expect(canvasSizeFor(Number.NaN)).toEqual({ width: 1024, height: 1024 });
  });

  it('fits one line to the box, height-limited for short texts and width-limited for long ones', () => {
    const short = layoutText('AB', mono, 1024, 256);
    expect(short.lines).toEqual(['AB']);
    expect(short.fontSize).toBeCloseTo((256 * 0.78) / 1.15, 5);
    const long = layoutText('ABCDEFGHIJKLMNOP', mono, 1024, 256);
    expect(long.lines).toHaveLength(1);
    expect(mono(long.lines[0]!) * (long.fontSize / 100)).toBeCloseTo(1024 * 0.86, 5);
  });

  it('breaks at the middle space when two lines give clearly larger letters', () => {
    const l = layoutText('For Anna with love', mono, 512, 512);
    expect(l.lines).toEqual(['For Anna', 'with love']);
    expect(layoutText('For Anna with love', mono, 1024, 128).lines).toHaveLength(1);
  });

  it('uses only local font stacks', () => {
    for (const stack of Object.values(FONT_STACKS)) expect(stack).not.toMatch(/url\(|https?:/);
    expect(fontCss({ family: 'mono', weight: 700 }, 40.4)).toBe(`700 40px ${FONT_STACKS.mono}`);
    expect(fontCss({ family: 'script', weight: 400 }, 10)).toMatch(/^italic 400 10px/);
  });
});

describe('camera views', () => {
  const box = new Box3(new Vector3(-0.5, 0, -0.5), new Vector3(0.5, 1, 0.5));

  it('fits the model in front, a little above, looking at its centre', () => {
    const v = fitView(box);
    expect(v.target).toEqual([0, 0.5, 0]);
    expect(v.position[2]).toBeGreaterThan(1);
    expect(v.position[1]).toBeGreaterThan(0.5);
  });

  it('widens the orbit limits to reach every declared view', () => {
    const base = orbitLimits(box, []);
    expect(base.maxPolarAngle).toBeCloseTo(Math.PI / 2);
    const below = orbitLimits(box, [{ position: [0, -2, 0.1], target: [0, 0, 0] }]);
    expect(below.maxPolarAngle).toBeGreaterThan(Math.PI * 0.9);
    const far = orbitLimits(box, [{ position: [0, 0, 40], target: [0, 0, 0] }]);
    expect(far.maxDistance).toBeGreaterThanOrEqual(40);
  });
});
