import { circle, grid, merge, smoothNormals, sweep, type MeshData, type V2, type V3 } from './mesh.js';

/**
 * An upholstered box cushion, sewn as a real one is: a top panel, a bottom panel and a boxing
 * strip round the sides, joined by piping. Each panel has its own continuous UVs (in metres
 * times uvPerMetre): the panels a flat projection unfolded over the rolled edge, the strip its
 * length round the cushion by its height. The only UV seams lie under the piping, so a fabric
 * normal map shows no pinwheel or X where a sphere-like mapping would pinch. Y up, centred.
 */
export interface CushionSpec {
  /** Half-sizes: width (x), thickness (y), depth (z). */
  half: V3;
  /** Plan corner radius. */
  corner: number;
  /** Radius of the rolled edge between a panel and the strip (at most half[1]). */
  roll: number;
  /** How much the panels dome (fraction of the thickness at the centre). */
  crown?: number;
  /** How much the strip bulges outwards at mid-height (metres). */
  bulge?: number;
  pipingRadius?: number;
  uvPerMetre?: number;
}

/** The rounded-rectangle outline: points and outward normals, counter-clockwise seen from +Y. */
function outline(a: number, c: number, r: number, step: number, cornerSegs: number): { p: V2[]; n: V2[]; s: number[] } {
  const p: V2[] = [],
    n: V2[] = [];
  // Start at the back centre (-Z) so the strip's wrap seam is at the back.
  const corners: [number, number, number][] = [
    [a - r, -(c - r), -Math.PI / 2],
    [a - r, c - r, 0],
    [-(a - r), c - r, Math.PI / 2],
    [-(a - r), -(c - r), Math.PI],
  ];
  const straight = (from: V2, to: V2, normal: V2, first: boolean) => {
    const L = Math.hypot(to[0] - from[0], to[1] - from[1]);
    const k = Math.max(1, Math.ceil(L / step));
    for (let i = first ? 0 : 1; i <= k; i++) {
      const t = i / k;
      p.push([from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t]);
      n.push(normal);
    }
  };
  // Plan coordinates (x, z); "counter-clockwise seen from +Y" runs -Z → +X → +Z → -X.
  straight([0, -c], [a - r, -c], [0, -1], true);
  corners.forEach(([cx, cz, a0], k) => {
    for (let i = 1; i <= cornerSegs; i++) {
      const ang = a0 + (i / cornerSegs) * (Math.PI / 2);
      const dir: V2 = [Math.cos(ang), Math.sin(ang)];
      p.push([cx + r * dir[0], cz + r * dir[1]]);
      n.push(dir);
    }
    const next = corners[(k + 1) % 4]!;
    const end = p.at(-1)!;
    const nrm = n.at(-1)!;
    // Along the side to the next corner's start (the last side stops at the back centre).
    const target: V2 = k === 3 ? [0, -c] : [next[0] + r * Math.cos(next[2]), next[1] + r * Math.sin(next[2])];
    straight(end, target, nrm, false);
  });
  const s = [0];
  for (let i = 1; i < p.length; i++) s.push(s[i - 1]! + Math.hypot(p[i]![0] - p[i - 1]![0], p[i]![1] - p[i - 1]![1]));
  return { p, n, s };
}

export function cushion(spec: CushionSpec): MeshData {
  const [a, b, c] = spec.half;
  const r = spec.roll;
  const crown = spec.crown ?? 0.2;
  const bulge = spec.bulge ?? 0.006;
  const k = spec.uvPerMetre ?? 2;
  const { p: O, n: N, s } = outline(a, c, spec.corner, 0.025, 10);
  // Soft shape: panels dome, the strip bulges; applied to every point so seams stay shut.
  const shape = (x: number, y: number, z: number): V3 => {
    const f = Math.max(0, 1 - (x / a) ** 2) * Math.max(0, 1 - (z / c) ** 2);
    const g = Math.max(0, 1 - (y / b) ** 2);
    const h = Math.hypot(x, z) || 1;
    return [x + (x / h) * bulge * g, y * (1 + crown * f), z + (z / h) * bulge * g];
  };
  // A point of the rolled edge: theta 0 on the panel (top or bottom), pi/2 on the strip.
  const edge = (i: number, theta: number, top: 1 | -1): V3 => {
    const [ox, oz] = O[i]!,
      [nx, nz] = N[i]!;
    const out = r * Math.sin(theta) - r;
    return shape(ox + nx * out, top * (b - r + r * Math.cos(theta)), oz + nz * out);
  };
  const seam = Math.PI / 4;
  const rollRows = 4,
    panelRows = 14,
    sideRows = 6;

  // Panels: UV is the unfolded plan position, so the texture runs straight on over the roll.
  const uvAt = (i: number, lambda: number, arc: number): V2 => {
    const [ox, oz] = O[i]!,
      [nx, nz] = N[i]!;
    return [(a + (ox - r * nx) * lambda + nx * arc) * k, (c + (oz - r * nz) * lambda + nz * arc) * k];
  };
  const panel = (top: 1 | -1): MeshData => {
    const rows: V3[][] = [];
    const uv: V2[][] = [];
    for (let j = 0; j <= panelRows; j++) {
      const lambda = j / panelRows; // 0 at the centre, 1 at the start of the roll
      rows.push(O.map(([ox, oz], i) => shape((ox - r * N[i]![0]) * lambda, top * b, (oz - r * N[i]![1]) * lambda)));
      uv.push(O.map((_, i) => uvAt(i, lambda, 0)));
    }
    for (let j = 1; j <= rollRows; j++) {
      const theta = (j / rollRows) * seam;
      rows.push(O.map((_, i) => edge(i, theta, top)));
      uv.push(O.map((_, i) => uvAt(i, 1, r * theta)));
    }
    return grid(rows, { closedU: true, flip: top < 0, uv: (i, j) => uv[j]![i]! });
  };

  // The boxing strip: from the top seam, over the roll, down the side, to the bottom seam.
  const stripRows: V3[][] = [];
  const stripV: number[] = [];
  const profile: [1 | 0 | -1, number][] = []; // top roll (theta), side (height), bottom roll (theta)
  for (let j = 0; j <= rollRows; j++) profile.push([1, seam + (j / rollRows) * (Math.PI / 2 - seam)]);
  for (let j = 1; j < sideRows; j++) profile.push([0, b - r - (j / sideRows) * 2 * (b - r)]);
  for (let j = 0; j <= rollRows; j++) profile.push([-1, Math.PI / 2 - (j / rollRows) * (Math.PI / 2 - seam)]);
  let v = 0;
  profile.forEach(([kind, x], j) => {
    const row = O.map((o, i): V3 => {
      if (kind === 1) return edge(i, x, 1);
      if (kind === -1) return edge(i, x, -1);
      return shape(o[0], x, o[1]);
    });
    if (j > 0) v += dist(row[0]!, stripRows[j - 1]![0]!);
    stripRows.push(row);
    stripV.push(v);
  });
  // Round the length to whole UV units so the strip's own wrap (at the back) tiles seamlessly.
  const L = s.at(-1)!;
  const ku = Math.max(1, Math.round(L * k)) / L;
  const strip = grid(stripRows, { closedU: true, uv: (i, j) => [s[i]! * ku, stripV[j]! * k] });

  const body = smoothNormals(merge(panel(1), strip, panel(-1)));
  if (!spec.pipingRadius) return body;
  const pr = spec.pipingRadius;
  const pipe = (top: 1 | -1) => {
    const path = O.slice(0, -1).map((o, i): V3 => {
      const p = edge(i, seam, top);
      // Sit the cord on the seam, mostly proud of the fabric (the seam's normal is about 45°).
      const nx = N[i]![0] * Math.SQRT1_2,
        ny = top * Math.SQRT1_2,
        nz = N[i]![1] * Math.SQRT1_2;
      return [p[0] + nx * pr * 0.6, p[1] + ny * pr * 0.6, p[2] + nz * pr * 0.6];
    });
    return sweep(path, circle(pr, 8), { closedPath: true, uvScale: 1 / k });
  };
  return merge(body, pipe(1), pipe(-1));
}

const dist = (p: V3, q: V3) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
