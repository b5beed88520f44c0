import PALETTES from './palettes.json' with { type: 'json' };
import { cushion } from './cushion.js';
import { ModelBuilder } from './gltf.js';
import {
  filletPath,
  lathe,
  merge,
  superellipsoid,
  sweep,
  circle,
  roundedRect,
  transform,
  type MeshData,
  type V3,
} from './mesh.js';

/**
 * The lounge chair: a wooden seat platform and back shell, two cushions, optional wooden
 * armrests and three interchangeable bases. Metres, Y up, the front faces +Z, floor at y = 0.
 */
export function buildChair(): ModelBuilder {
  const b = new ModelBuilder('lounge-chair');
  b.palette(PALETTES['lounge-chair']);

  const tilt = -0.3; // back rake, radians about X
  const seatY = 0.3;

  const platform = transform(superellipsoid([0.4, 0.04, 0.37], 0.3, 0.18, 48, 16), { translate: [0, seatY, 0.02] });
  const shell = transform(superellipsoid([0.4, 0.3, 0.035], 0.25, 0.18, 48, 16), {
    rotate: [['x', tilt]],
    translate: [0, seatY + 0.29, -0.35],
  });
  b.part('frame', [[merge(platform, shell), 'frame']]);

  // Box cushions with piped seams: their UVs have no pole, so fabric normal maps run clean.
  const seat = transform(cushion({ half: [0.36, 0.065, 0.34], corner: 0.07, roll: 0.035, pipingRadius: 0.0045 }), {
    translate: [0, seatY + 0.1, 0.045],
  });
  b.part('seat-cushion', [[seat, 'upholstery']]);
  const back = transform(cushion({ half: [0.36, 0.07, 0.26], corner: 0.07, roll: 0.035, pipingRadius: 0.0045 }), {
    rotate: [
      ['x', -Math.PI / 2],
      ['x', tilt],
    ],
    translate: [0, seatY + 0.36, -0.25],
  });
  b.part('back-cushion', [[back, 'upholstery']]);

  // Armrests: a flat wooden band from the back shell, forward, and down onto the platform.
  const armSection = roundedRect(0.05, 0.022, 0.009, 3);
  const arm = (x: number): MeshData =>
    sweep(
      filletPath(
        [
          [x, seatY + 0.28, -0.36],
          [x, seatY + 0.24, 0.28],
          [x, seatY + 0.03, 0.34],
        ],
        0.08,
        10,
      ),
      armSection,
      { normalRef: [1, 0, 0], caps: true, uvScale: 0.3 },
    );
  b.part('armrests', [[merge(arm(-0.4), arm(0.4)), 'frame']]);

  // Tapered wooden legs, splayed outwards; they take the frame's wood.
  const legProfile: [number, number][] = [
    [0, 0],
    [0.011, 0],
    [0.0125, 0.004],
    [0.0125, 0.004],
    [0.022, seatY - 0.03],
    [0.022, seatY - 0.03],
    [0, seatY - 0.03],
  ];
  const leg = lathe(legProfile, 20);
  const legAt = (x: number, z: number) =>
    transform(leg, {
      rotate: [
        ['z', Math.sign(x) * 0.1],
        ['x', -Math.sign(z) * 0.1],
      ],
      translate: [x, 0.015, z],
    });
  b.part('legs-tapered', [[merge(legAt(-0.31, 0.27), legAt(0.31, 0.27), legAt(-0.31, -0.26), legAt(0.31, -0.26)), 'frame']]);

  // Sled base: one bent steel tube per side, joined by a cross bar under the seat.
  const tube = circle(0.011, 14);
  const runner = (x: number) =>
    sweep(
      filletPath(
        [
          [x, seatY - 0.04, 0.26],
          [x, 0.012, 0.3],
          [x, 0.012, -0.3],
          [x, seatY - 0.04, -0.26],
        ],
        0.06,
        10,
      ),
      tube,
      { caps: true, uvScale: 0.2 },
    );
  const bar = (z: number) =>
    sweep(
      [
        [-0.34, seatY - 0.04, z],
        [0.34, seatY - 0.04, z],
      ],
      tube,
      { caps: true, uvScale: 0.2 },
    );
  b.part('legs-sled', [[merge(runner(-0.34), runner(0.34), bar(0.26), bar(-0.26)), 'legs']]);

  // Swivel base: a four-star foot on a column with a disc under the seat.
  const column = lathe(
    [
      [0, 0.05],
      [0.035, 0.05],
      [0.035, 0.05],
      [0.024, 0.07],
      [0.02, seatY - 0.06],
      [0.02, seatY - 0.06],
      [0.14, seatY - 0.05],
      [0.14, seatY - 0.04],
      [0.14, seatY - 0.04],
      [0, seatY - 0.04],
    ],
    32,
  );
  const star: MeshData[] = [];
  const glides: MeshData[] = [];
  for (let k = 0; k < 4; k++) {
    const a = Math.PI / 4 + (k * Math.PI) / 2;
    const dir: V3 = [Math.cos(a), 0, Math.sin(a)];
    star.push(
      sweep(
        [
          [0, 0.06, 0],
          [dir[0] * 0.34, 0.03, dir[2] * 0.34],
        ],
        roundedRect(0.045, 0.03, 0.012, 3),
        { normalRef: [0, 1, 0], caps: true, scaleAt: (t) => 1 - 0.35 * t, uvScale: 0.2 },
      ),
    );
    glides.push(
      lathe(
        [
          [0, 0],
          [0.018, 0],
          [0.018, 0],
          [0.02, 0.012],
          [0.0, 0.022],
        ],
        16,
      ),
    );
    glides[k] = transform(glides[k]!, { translate: [dir[0] * 0.33, 0, dir[2] * 0.33] });
  }
  b.part('legs-swivel', [
    [merge(column, ...star), 'legs'],
    [merge(...glides), 'glides'],
  ]);
  return b;
}
