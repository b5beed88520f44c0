import PALETTES from './palettes.json' with { type: 'json' };
import { ModelBuilder } from './gltf.js';
import {
  circle,
  extrude,
  filletPath,
  lathe,
  merge,
  resample,
  roundedRect,
  superellipsoid,
  sweep,
  transform,
  type MeshData,
  type V2,
  type V3,
} from './mesh.js';

/**
 * The wristwatch: a 41 mm steel case facing +Z with 12 o'clock at +Y, three bezels, a dial
 * with applied indices and hands at 10:10, a leather strap or a three-link bracelet looping
 * round the wrist behind it, and an engraving area on the case back. Metres.
 */
const toZ = (m: MeshData, z = 0) => transform(m, { rotate: [['x', Math.PI / 2]], translate: [0, 0, z] });

/** The wrist loop the strap follows: from the top lugs, round the back, to the bottom lugs. */
function strapPath(count: number): V3[] {
  const ry = 0.03,
    rz = 0.0305,
    zc = -0.02;
  const t0 = Math.asin(0.0235 / ry);
  return Array.from({ length: count }, (_, k): V3 => {
    const t = t0 + (k / (count - 1)) * (2 * Math.PI - 2 * t0);
    return [0, ry * Math.sin(t), zc + rz * Math.cos(t)];
  });
}

export function buildWatch(): ModelBuilder {
  const b = new ModelBuilder('wristwatch');
  b.palette(PALETTES.wristwatch);

  // Case middle and back, with four lugs and a knurled crown at 3 o'clock.
  const caseBody = toZ(
    lathe(
      [
        [0, -0.0062],
        [0.015, -0.0062],
        [0.0163, -0.0056],
        [0.0163, -0.0056],
        [0.019, -0.005],
        [0.0205, -0.0034],
        [0.0205, 0.0028],
        [0.0196, 0.0042],
        [0.0196, 0.0042],
        [0.0172, 0.0042],
      ],
      96,
    ),
  );
  const lugs: MeshData[] = [];
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      lugs.push(
        transform(superellipsoid([0.0021, 0.0055, 0.0019], 0.45, 0.4, 20, 12), {
          rotate: [['x', -sy * 0.22]],
          translate: [sx * 0.0094, sy * 0.0212, -0.0012],
        }),
      );
  const crown = transform(
    lathe(
      [
        [0, 0],
        [0.0019, 0],
        [0.0019, 0],
        [0.0029, 0.0008],
        [0.0029, 0.0036],
        [0.0026, 0.0041],
        [0.0026, 0.0041],
        [0, 0.0041],
      ],
      72,
      { ripple: (a, k) => (k >= 3 && k <= 5 ? 1 - 0.06 * Math.pow(Math.abs(Math.cos(12 * a)), 0.5) : 1) },
    ),
    { rotate: [['z', -Math.PI / 2]], translate: [0.0202, 0, 0] },
  );
  b.part('case', [[merge(caseBody, ...lugs, crown), 'case']]);

  // Three bezels; the chosen one is shown. Smooth and fluted stand on the same seat and differ above it.
  const bezelSeat: V2[] = [
    [0.0168, 0.0041],
    [0.0203, 0.0041],
    [0.0203, 0.0041],
    [0.0204, 0.0048],
  ];
  const bezelRing = (top: V2[], segments: number, ripple?: (a: number, k: number) => number): [MeshData, string][] => [
    [toZ(lathe([...bezelSeat, ...top], segments, ripple ? { ripple } : {})), 'bezel'],
  ];
  b.part(
    'bezel-smooth',
    bezelRing(
      [
        [0.0196, 0.0058],
        [0.0184, 0.0063],
        [0.0168, 0.0062],
      ],
      120,
    ),
  );
  b.part(
    'bezel-fluted',
    bezelRing(
      [
        [0.0194, 0.0062],
        [0.0176, 0.0066],
        [0.0168, 0.0064],
      ],
      240,
      (a, k) => (k >= 3 ? 1 - 0.035 * Math.pow(Math.abs(Math.sin(30 * a)), 0.7) : 1),
    ),
  );
  const diverRing = toZ(
    lathe(
      [
        [0.0166, 0.0041],
        [0.0212, 0.0041],
        [0.0212, 0.0041],
        [0.0212, 0.0056],
        [0.0206, 0.0061],
        [0.0206, 0.0061],
        [0.0201, 0.0061],
      ],
      240,
      { ripple: (a, k) => (k >= 2 && k <= 4 ? 1 - 0.012 * Math.pow(Math.abs(Math.sin(60 * a)), 0.5) : 1) },
    ),
  );
  const insert = toZ(
    lathe(
      [
        [0.0201, 0.006],
        [0.0201, 0.0061],
        [0.0201, 0.0061],
        [0.0167, 0.0063],
      ],
      120,
    ),
  );
  const pips: MeshData[] = [];
  for (let k = 0; k < 12; k++) {
    const a = (k / 12) * Math.PI * 2;
    const shape: V2[] =
      k === 0
        ? [
            [-0.0011, 0.0196],
            [0.0011, 0.0196],
            [0, 0.0176],
          ]
        : roundedRect(0.0006, 0.0018, 0.0002, 2).map(([x, y]): V2 => [x, y + 0.0186]);
    pips.push(transform(extrude(shape, 0.00015), { rotate: [['z', -a]], translate: [0, 0, 0.00622] }));
  }
  b.part('bezel-diver', [
    [diverRing, 'bezel'],
    [insert, 'bezel-insert'],
    [merge(...pips), 'indices'],
  ]);

  // Dial with applied indices.
  const dial = toZ(
    lathe(
      [
        [0.0172, 0.0018],
        [0.0172, 0.0024],
        [0.0172, 0.0024],
        [0, 0.0024],
      ],
      96,
    ),
  );
  b.part('dial', [[dial, 'dial']]);
  const indices: MeshData[] = [];
  for (let k = 0; k < 12; k++) {
    const a = (k / 12) * Math.PI * 2;
    const wide = k % 3 === 0;
    const bar = roundedRect(wide ? 0.0016 : 0.0009, 0.0034, 0.0003, 2).map(([x, y]): V2 => [x, y + 0.0138]);
    indices.push(transform(extrude(bar, 0.0004), { rotate: [['z', -a]], translate: [0, 0, 0.0024] }));
  }
  b.part('indices', [[merge(...indices), 'indices']]);

  // Hands at 10:10:30.
  const hand = (outline: V2[], angle: number, z: number) =>
    transform(extrude(outline, 0.00025), { rotate: [['z', -angle]], translate: [0, 0, z] });
  const hour = hand(
    [
      [-0.0007, -0.002],
      [0.0007, -0.002],
      [0.001, 0.0065],
      [0, 0.0095],
      [-0.001, 0.0065],
    ],
    ((10 + 10 / 60) / 12) * 2 * Math.PI,
    0.0031,
  );
  const minute = hand(
    [
      [-0.0006, -0.0025],
      [0.0006, -0.0025],
      [0.0008, 0.011],
      [0, 0.0142],
      [-0.0008, 0.011],
    ],
    (10.5 / 60) * 2 * Math.PI,
    0.0035,
  );
  const cap = toZ(
    lathe(
      [
        [0.0009, 0],
        [0.0009, 0.0011],
        [0.0009, 0.0011],
        [0, 0.0012],
      ],
      24,
    ),
    0.0031,
  );
  b.part('hands', [[merge(hour, minute, cap), 'hands']]);
  const second = hand(
    [
      [-0.00016, -0.0045],
      [0.00016, -0.0045],
      [0.0001, 0.0158],
      [-0.0001, 0.0158],
    ],
    (30 / 60) * 2 * Math.PI,
    0.0039,
  );
  b.part('second-hand', [
    [
      merge(
        second,
        toZ(
          lathe(
            [
              [0.0006, 0],
              [0.0006, 0.0003],
              [0.0006, 0.0003],
              [0, 0.0003],
            ],
            16,
          ),
          0.0039,
        ),
      ),
      'second-hand',
    ],
  ]);

  b.part('crystal', [
    [
      toZ(
        lathe(
          [
            [0.0172, 0.0052],
            [0.0172, 0.0062],
            [0.0172, 0.0062],
            [0.014, 0.0068],
            [0.008, 0.0071],
            [0, 0.0072],
          ],
          96,
        ),
      ),
      'crystal',
    ],
  ]);

  // The engraving area: a 22 × 8 mm rectangle on the case back, read from behind the watch.
  const w = 0.022,
    h = 0.008,
    z = -0.00625;
  const engraving: MeshData = {
    positions: [w / 2, h / 2, z, -w / 2, h / 2, z, -w / 2, -h / 2, z, w / 2, -h / 2, z],
    normals: [0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1],
    // glTF UV: (0, 0) is the top-left of the text as a reader sees it from behind.
    uvs: [0, 0, 1, 0, 1, 1, 0, 1],
    indices: [0, 2, 1, 0, 3, 2],
  };
  b.part('caseback-engraving', [[engraving, 'engraving']], b.root, { textArea: { widthMm: 22, heightMm: 8 } });

  // Leather strap: one tapered band round the wrist, with a pin buckle at the back.
  const path = strapPath(96);
  const strap = sweep(path, roundedRect(0.02, 0.0032, 0.0012, 3), {
    normalRef: [1, 0, 0],
    caps: true,
    scaleAt: (t) => 1 - 0.16 * Math.sin(Math.PI * t),
    uvScale: 0.05,
  });
  const buckleFrame = sweep(
    filletPath(
      [
        [-0.0095, 0.006, -0.0522],
        [0.0095, 0.006, -0.0522],
        [0.0095, -0.006, -0.0522],
        [-0.0095, -0.006, -0.0522],
        [-0.0095, 0.006, -0.0522],
        [0.0095, 0.006, -0.0522],
      ],
      0.003,
      6,
    ).slice(7, -7),
    circle(0.0008, 10),
    { closedPath: true },
  );
  const tongue = sweep(
    [
      [0, 0.006, -0.0522],
      [0, -0.0065, -0.0525],
    ],
    circle(0.00045, 8),
    { caps: true },
  );
  b.part('strap-leather', [
    [strap, 'strap'],
    [merge(buckleFrame, tongue), 'case'],
  ]);

  // Bracelet: rows of three links along the same loop, with a clasp cover at the back.
  const rows = resample(strapPath(400), 27);
  const links: MeshData[] = [];
  const centre = superellipsoid([0.0042, 0.0029, 0.0015], 0.4, 0.3, 16, 8);
  const outer = superellipsoid([0.0027, 0.0029, 0.0017], 0.4, 0.3, 16, 8);
  rows.forEach((p, k) => {
    const prev = rows[Math.max(0, k - 1)]!,
      next = rows[Math.min(rows.length - 1, k + 1)]!;
    const angle = Math.atan2(next[2] - prev[2], next[1] - prev[1]);
    const taper = 1 - 0.14 * Math.sin((Math.PI * k) / (rows.length - 1));
    const place = (m: MeshData, x: number) =>
      transform(m, { scale: [taper, 1, 1], rotate: [['x', angle]], translate: [x * taper, p[1], p[2]] });
    links.push(place(centre, 0), place(outer, -0.0073), place(outer, 0.0073));
  });
  const clasp = transform(superellipsoid([0.0085, 0.0018, 0.011], 0.35, 0.25, 24, 10), { translate: [0, 0, -0.0525] });
  b.part('strap-bracelet', [[merge(...links, clasp), 'bracelet']]);
  return b;
}
