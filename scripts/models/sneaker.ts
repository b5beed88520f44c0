import PALETTES from './palettes.json' with { type: 'json' };
import { ModelBuilder } from './gltf.js';
import {
  circle,
  grid,
  merge,
  normalize,
  place,
  roundedRect,
  superellipsoid,
  sweep,
  torus,
  vec,
  type MeshData,
  type V3,
} from './mesh.js';

/**
 * The sneaker: a right shoe, toe towards +X, the outer (lateral) side towards +Z, floor at
 * y = 0. The upper is one surface round the foot (angle phi, 0 at the toe) rising from the
 * sole (v = 0) to the top ridge (v = 1); round the collar and throat it stops lower, which
 * leaves the opening. Metres.
 */
const HALF_LENGTH = 0.14;

const smooth = (e0: number, e1: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};
function interp(knots: [number, number][], t: number): number {
  for (let k = 1; k < knots.length; k++) {
    const [t0, y0] = knots[k - 1]!,
      [t1, y1] = knots[k]!;
    if (t <= t1) return y0 + (y1 - y0) * smooth(t0, t1, t);
  }
  return knots.at(-1)![1];
}

/** Half-width of the foot at t = x / HALF_LENGTH. */
/**
 * cos(a)^e, 0 where the cosine is not positive: at a = ±π/2, an edge of a patch, floating point
 * gives cos a tiny negative number, and its fractional power NaN (30 vertices of the heel
 * counter's edges were NaN).
 */
const cosPow = (a: number, e: number) => Math.pow(Math.max(0, Math.cos(a)), e);
const halfWidth = (t: number) => 0.032 + 0.015 * Math.exp(-Math.pow((t - 0.4) / 0.65, 2));
/** Toe spring and heel lift of the sole's underside. */
const lift = (t: number) => 0.02 * Math.pow(Math.max(0, (t - 0.55) / 0.45), 2) + 0.003 * Math.pow(Math.max(0, -t - 0.8) / 0.2, 2);
const soleThickness = (t: number) => 0.03 - 0.008 * smooth(-0.6, 0.8, t);
const soleTop = (t: number) => lift(t) + soleThickness(t);
/** Height of the upper's ridge above the sole. */
const ridge = (t: number) =>
  interp(
    [
      [-1, 0.096],
      [-0.5, 0.093],
      [0, 0.078],
      [0.5, 0.055],
      [1, 0.032],
    ],
    t,
  );
/** How far up (0..1) the upper reaches: 1 closes over the toes, less leaves the opening. */
const reach = (t: number) => 1 - 0.2 * smooth(0.3, 0.15, t) - 0.22 * smooth(-0.45, -0.7, t);

function outline(phi: number, scale = 1): [number, number, number] {
  const t = Math.cos(phi);
  return [HALF_LENGTH * t * scale, Math.sin(phi) * halfWidth(t) * scale, t];
}

/** A point of the upper; grow pushes it outwards (for overlays), negative grow inwards (lining). */
function upper(phi: number, v: number, grow = 0): V3 {
  const [x0, z0, t] = outline(phi, 0.97);
  const theta = (v * Math.PI) / 2;
  const c = Math.cos(theta),
    s = Math.sin(theta);
  const pull = 0.045 * Math.pow(Math.max(0, t), 3) - 0.01 * Math.pow(Math.max(0, -t), 3);
  const x = x0 - pull * (1 - c);
  const side = z0 * c;
  const g = grow * (1 - 0.4 * Math.max(0, -t)); // less at the heel, whose wall is steep
  const len = Math.hypot(x, side) || 1;
  return [
    x + (x / len) * g * c,
    soleTop(t) - 0.004 + (ridge(t) + grow) * s,
    side + Math.sign(side || 1) * g * c * (Math.abs(side) / len),
  ];
}

/** Cupsole stations (radial scale, height fraction): a rounded bottom, the wall, the top lip. */
const SOLE_STATIONS: [number, number][] = [
  [0, 0],
  [0.93, 0],
  [0.93, 0],
  [0.975, 0.05],
  [0.995, 0.16],
  [1, 0.3],
  [1, 0.85],
  [0.995, 0.95],
  [1.004, 0.97],
  [1.004, 1],
  [1.004, 1],
  [0, 1],
];

/** The outsole's tread shows at the bottom of the wall as fine vertical ribs. */
const treadRibs = (phi: number) => {
  const w = Math.cos(phi * 120);
  return Math.sign(w) * Math.pow(Math.abs(w), 0.35);
};

function soleMesh(): MeshData {
  const nu = 480;
  const rows = SOLE_STATIONS.map(([s, h], k) =>
    Array.from({ length: nu + 1 }, (_, i): V3 => {
      const phi = (i / nu) * 2 * Math.PI;
      // Ribs on the lower wall only (stations 2..4), fading in from the ground edge.
      const rib = k >= 2 && k <= 4 ? 1 + 0.0045 * treadRibs(phi) * (k === 4 ? 0.4 : 1) : 1;
      const [x, z, t] = outline(phi, 1.015 * rib);
      return [x * s, lift(t) + h * soleThickness(t), -z * s];
    }),
  );
  return grid(rows, { closedU: true, uv: (i, j) => [(i / nu) * 8, j / (SOLE_STATIONS.length - 1)] });
}

/** The foxing stripe: a narrow raised band round the sole wall, in the accent colour. */
function foxingMesh(): MeshData {
  const nu = 240;
  const band: [number, number][] = [
    [1, 0.5],
    [1.006, 0.52],
    [1.006, 0.66],
    [1, 0.68],
  ];
  const rows = band.map(([s, h]) =>
    Array.from({ length: nu + 1 }, (_, i): V3 => {
      const phi = (i / nu) * 2 * Math.PI;
      const [x, z, t] = outline(phi, 1.015 * s);
      return [x, lift(t) + h * soleThickness(t), -z];
    }),
  );
  return grid(rows, { closedU: true, uv: (i, j) => [(i / nu) * 8, j / 3] });
}

/** Stitches: short raised dashes every `pitch` metres along a surface curve at(s), s in 0..1. */
function stitches(at: (s: number) => { p: V3; n: V3 }, pitch = 0.0036, samples = 400): MeshData {
  const pts = Array.from({ length: samples + 1 }, (_, k) => at(k / samples));
  const lengths = [0];
  for (let k = 1; k < pts.length; k++) lengths.push(lengths[k - 1]! + vec.len(vec.sub(pts[k]!.p, pts[k - 1]!.p)));
  const total = lengths.at(-1)!;
  const count = Math.floor(total / pitch);
  const dash = superellipsoid([0.0011, 0.00032, 0.00042], 0.6, 0.6, 6, 4);
  const out: MeshData[] = [];
  let seg = 1;
  for (let c = 0; c < count; c++) {
    const d = (c + 0.5) * (total / count);
    while (seg < pts.length - 1 && lengths[seg]! < d) seg++;
    const a = pts[seg - 1]!,
      b = pts[seg]!;
    const f = (d - lengths[seg - 1]!) / (lengths[seg]! - lengths[seg - 1]! || 1);
    const p = vec.add(a.p, vec.scale(vec.sub(b.p, a.p), f));
    const n = normalize(vec.add(a.n, b.n));
    const along = vec.sub(b.p, a.p);
    const tangent = normalize(vec.sub(along, vec.scale(n, vec.dot(along, n))));
    out.push(place(dash, vec.add(p, vec.scale(n, 0.0001)), tangent, n));
  }
  return merge(...out);
}

/** Outward normal of the sole wall at phi (horizontal). */
function soleWallNormal(phi: number): V3 {
  const e = 1e-3;
  const [x0, z0] = outline(phi - e);
  const [x1, z1] = outline(phi + e);
  // The wall runs round as (x, -z); its outward normal is that tangent turned a quarter in the plan.
  return normalize([z1 - z0, 0, x1 - x0]);
}

function upperGrid(grow: number, nu: number, nv: number, flip: boolean): MeshData {
  const rows: V3[][] = [];
  for (let j = 0; j <= nv; j++) {
    const row: V3[] = [];
    for (let i = 0; i <= nu; i++) {
      const phi = (i / nu) * 2 * Math.PI;
      row.push(flipZ(upper(phi, (j / nv) * reach(Math.cos(phi)), grow)));
    }
    rows.push(row);
  }
  return grid(rows, { closedU: true, flip, uv: (i, j) => [(i / nu) * 6, (j / nv) * 1.5] });
}

/** phi grows towards the medial side in outline(); the lateral side is +Z, so mirror Z. */
const flipZ = (p: V3): V3 => [p[0], p[1], -p[2]];
const lateral = (phi: number, v: number, grow = 0) => flipZ(upper(phi, v, grow));

/** A patch over part of the upper: phi from phi0 to phi1, v from v0(phi) to v1(phi). */
function patch(
  phi0: number,
  phi1: number,
  v0: (phi: number) => number,
  v1: (phi: number) => number,
  grow: number,
  nu: number,
  nv: number,
) {
  const rows: V3[][] = [];
  for (let j = 0; j <= nv; j++) {
    const row: V3[] = [];
    for (let i = 0; i <= nu; i++) {
      const phi = phi0 + (i / nu) * (phi1 - phi0);
      row.push(lateral(phi, v0(phi) + (j / nv) * (v1(phi) - v0(phi)), grow));
    }
    rows.push(row);
  }
  return rows;
}

function normalAt(phi: number, v: number): V3 {
  const e = 1e-3;
  const du = vec.sub(lateral(phi + e, v), lateral(phi - e, v));
  const dv = vec.sub(lateral(phi, v + e), lateral(phi, v - e));
  return normalize(vec.cross(du, dv));
}

/** n turned to point away from the shoe's long axis (for normals whose sign the grid does not fix). */
function outward(p: V3, n: V3): V3 {
  return vec.dot(n, [0, p[1] - 0.03, p[2]]) >= 0 ? n : vec.scale(n, -1);
}

export function buildSneaker(): ModelBuilder {
  const b = new ModelBuilder('sneaker');
  b.palette(PALETTES.sneaker);

  b.part('sole', [[soleMesh(), 'sole']]);
  b.part('foxing-stripe', [[foxingMesh(), 'accent']]);
  b.part('upper', [[upperGrid(0, 128, 28, false), 'upper']]);
  b.part('lining', [[upperGrid(-0.0025, 96, 20, true), 'lining']]);

  // Padded collar round the opening: follows the upper's top edge where it stays open.
  const collar: V3[] = [];
  for (let i = 0; i <= 120; i++) {
    const phi = 0.95 + (i / 120) * (2 * Math.PI - 1.9);
    const t = Math.cos(phi);
    if (reach(t) < 0.985) collar.push(vec.add(lateral(phi, reach(t), -0.0012), [0, 0.001, 0]));
  }
  b.part('collar', [[sweep(collar, circle(0.0042, 12), { caps: true, uvScale: 0.05 }), 'lining']]);

  // Tongue under the laces, rising above the collar at the top.
  const tongue: V3[] = [];
  for (let k = 0; k <= 24; k++) {
    const t = 0.28 - (k / 24) * 0.76;
    const rise = 0.014 * Math.pow(Math.max(0, (-0.2 - t) / 0.28), 2);
    tongue.push([HALF_LENGTH * 0.97 * t, soleTop(t) - 0.004 + ridge(t) * 0.9 + rise, 0]);
  }
  b.part('tongue', [
    [
      sweep(tongue, roundedRect(0.044, 0.006, 0.0028, 4), {
        normalRef: [0, 0, 1],
        caps: true,
        scaleAt: (s) => 1 - 0.15 * s,
        uvScale: 0.05,
      }),
      'upper',
    ],
  ]);

  // Eyelets along both edges of the throat, and criss-cross laces between them.
  const rowsT = [0.2, 0.08, -0.04, -0.16, -0.28, -0.4];
  const eyelet = (t: number, sideSign: number) => {
    const phiL = Math.acos(t);
    const phi = sideSign > 0 ? phiL : 2 * Math.PI - phiL;
    const v = reach(t) - 0.05;
    return { p: lateral(phi, v, 0.0006), n: normalAt(phi, v) };
  };
  const eyelets: MeshData[] = [];
  const holes = rowsT.map((t) => [eyelet(t, 1), eyelet(t, -1)] as const);
  for (const pair of holes)
    for (const { p, n } of pair) {
      const x = normalize(vec.cross(n, [0, 0, 1]));
      const ring = torus(0.0028, 0.0008, 20, 8);
      eyelets.push(place(ring, p, x, n));
    }
  b.part('eyelets', [[merge(...eyelets), 'eyelets']]);

  const laceSection = roundedRect(0.0045, 0.0016, 0.0007, 2);
  const lace = (a: V3, c: V3) => {
    const up: V3 = [0, 0.004, 0];
    const path = Array.from({ length: 13 }, (_, k): V3 => {
      const s = k / 12;
      const lin = vec.add(vec.scale(a, 1 - s), vec.scale(c, s));
      return vec.add(lin, vec.scale(up, Math.sin(Math.PI * s)));
    });
    return sweep(path, laceSection, { normalRef: [0, 1, 0], caps: true, uvScale: 0.05 });
  };
  const laceParts: MeshData[] = [lace(holes[0]![0].p, holes[0]![1].p)];
  for (let k = 0; k < holes.length - 1; k++) {
    laceParts.push(lace(holes[k]![0].p, holes[k + 1]![1].p), lace(holes[k]![1].p, holes[k + 1]![0].p));
  }
  // A bow at the top: two loops and two loose ends.
  const top = vec.scale(vec.add(holes.at(-1)![0].p, holes.at(-1)![1].p), 0.5);
  const knot = vec.add(top, [0.002, 0.006, 0]);
  for (const s of [-1, 1]) {
    const loop = torus(0.011, 0.0013, 28, 6);
    laceParts.push(place(loop, vec.add(knot, [0.006, 0.001, s * 0.011]), normalize([0.3, 0, s]), normalize([0.4, 1, -s * 0.3])));
    laceParts.push(
      sweep(
        [
          knot,
          vec.add(knot, [0.012, -0.004, s * 0.006]),
          vec.add(knot, [0.02, -0.02, s * 0.012]),
          vec.add(knot, [0.022, -0.034, s * 0.016]),
        ],
        laceSection,
        { normalRef: [0, 0, 1], caps: true, uvScale: 0.05 },
      ),
    );
  }
  b.part('laces', [[merge(...laceParts), 'laces']]);

  // Heel tab, in the accent colour.
  const heel = lateral(Math.PI, reach(-1));
  b.part('heel-tab', [[superellipsoid([0.0035, 0.02, 0.012], 0.5, 0.3, 20, 12), 'accent']]).setTranslation([
    heel[0] - 0.0025,
    heel[1] - 0.006,
    0,
  ]);

  // Toe styles: a rubber toe cap in the sole's colour, or a stitched overlay in the accent colour.
  const cap = 1.15;
  b.part('toe-cap-rubber', [
    [
      grid(
        patch(
          -cap,
          cap,
          () => 0,
          (phi) => 0.22 + 0.5 * cosPow((phi / cap) * (Math.PI / 2), 0.8),
          0.0016,
          48,
          12,
        ),
      ),
      'sole',
    ],
  ]);
  const ov = 1.35;
  b.part('toe-cap-overlay', [
    [
      grid(
        patch(
          -ov,
          ov,
          () => 0,
          (phi) => 0.3 + 0.62 * cosPow((phi / ov) * (Math.PI / 2), 0.6),
          0.0011,
          56,
          16,
        ),
      ),
      'accent',
    ],
    [
      stitches((s) => {
        const phi = -ov + 0.08 + s * (2 * ov - 0.16);
        const v = 0.3 + 0.62 * cosPow((phi / ov) * (Math.PI / 2), 0.6) - 0.03;
        return { p: lateral(phi, v, 0.0011), n: outward(lateral(phi, v), normalAt(phi, v)) };
      }),
      'stitching',
    ],
  ]);

  // Heel counter: a second layer of the upper round the heel, stopping short of the monogram.
  const hc = 0.7;
  const counterTop = (phi: number) =>
    0.2 + (reach(Math.cos(phi)) - 0.08 - 0.2) * cosPow(((phi - Math.PI) / hc) * (Math.PI / 2), 0.8);
  const counterStitch = stitches((s) => {
    const phi = Math.PI - hc + 0.06 + s * (2 * hc - 0.12);
    const v = counterTop(phi) - 0.035;
    return { p: lateral(phi, v, 0.0008), n: outward(lateral(phi, v), normalAt(phi, v)) };
  });
  b.part('heel-counter', [
    [grid(patch(Math.PI - hc, Math.PI + hc, () => 0, counterTop, 0.0008, 40, 14)), 'upper'],
    [counterStitch, 'stitching'],
  ]);

  // Stitching: round the cupsole above the stripe, and two rows along each side of the lacing.
  const welt = stitches(
    (s) => {
      const phi = s * 2 * Math.PI;
      const [x, z, t] = outline(phi, 1.015);
      return { p: [x, lift(t) + 0.8 * soleThickness(t), -z], n: soleWallNormal(phi) };
    },
    0.0042,
    900,
  );
  const eyestay: MeshData[] = [];
  for (const side of [1, -1])
    for (const dv of [0.1, 0.125])
      eyestay.push(
        stitches((s) => {
          const t = 0.27 - s * 0.72;
          const phi = side > 0 ? Math.acos(t) : 2 * Math.PI - Math.acos(t);
          const v = reach(t) - dv;
          return { p: lateral(phi, v, 0.0001), n: outward(lateral(phi, v), normalAt(phi, v)) };
        }),
      );
  b.part('stitching', [[merge(welt, ...eyestay), 'stitching']]);

  // Monogram area on the outer (+Z) side by the heel, just proud of the upper: u runs heel to
  // toe (left to right as seen from +Z), v from the top of the letters to the bottom, as glTF's
  // image-space UVs do. phi past pi is the +Z half (lateral() mirrors Z).
  const mono: V3[][] = [];
  const nu = 16,
    nv = 6;
  for (let j = 0; j <= nv; j++) {
    const row: V3[] = [];
    for (let i = 0; i <= nu; i++) {
      const t = -0.74 + (i / nu) * 0.27;
      row.push(lateral(2 * Math.PI - Math.acos(t), 0.44 - (j / nv) * 0.15, 0.0009));
    }
    mono.push(row);
  }
  const width = mono[nv >> 1]!.reduce((s, p, i, r) => (i ? s + vec.len(vec.sub(p, r[i - 1]!)) : 0), 0);
  const height = mono.reduce((s, r, j) => (j ? s + vec.len(vec.sub(r[nu >> 1]!, mono[j - 1]![nu >> 1]!)) : 0), 0);
  b.part('monogram-area', [[grid(mono, { flip: true }), 'monogram']], b.root, {
    textArea: { widthMm: Math.round(width * 1000), heightMm: Math.round(height * 1000) },
  });
  return b;
}
