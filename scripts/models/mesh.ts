/**
 * Procedural geometry for the sample products: every helper returns indexed triangles with
 * normals and UVs. Surfaces are built as grids of rows; normals are area-weighted face
 * normals, so a repeated row makes a crease and a collapsed row (a pole) is shaded smooth.
 */
export type V2 = [number, number];
export type V3 = [number, number, number];

export interface MeshData {
  positions: number[];
  normals: number[];
  uvs: number[];
  indices: number[];
}

export const empty = (): MeshData => ({ positions: [], normals: [], uvs: [], indices: [] });

const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const len = (a: V3) => Math.hypot(a[0], a[1], a[2]);
export const normalize = (a: V3): V3 => {
  const l = len(a);
  return l > 1e-12 ? scale(a, 1 / l) : [0, 1, 0];
};
export const vec = { sub, add, scale, dot, cross, len, normalize };

/** Round to 6 decimals so that output bytes do not depend on floating-point noise. */
const q = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

export interface GridOptions {
  closedU?: boolean;
  closedV?: boolean;
  /** UV of vertex (i, j); defaults to (i / nu, j / nv). */
  uv?: (i: number, j: number) => V2;
  flip?: boolean;
}

/**
 * A surface from rows of points: rows[j][i]. The outward side is d/di × d/dj (flip to reverse).
 * closedU joins the last column to the first for normals (the seam keeps its own UVs).
 */
export function grid(rows: V3[][], opts: GridOptions = {}): MeshData {
  const nv = rows.length - 1;
  const nu = rows[0]!.length - 1;
  const m = empty();
  const idx = (i: number, j: number) => j * (nu + 1) + i;
  const acc: V3[] = [];
  for (let j = 0; j <= nv; j++)
    for (let i = 0; i <= nu; i++) {
      const p = rows[j]![i]!;
      m.positions.push(p[0], p[1], p[2]);
      const uv: V2 = opts.uv ? opts.uv(i, j) : [i / nu, j / nv];
      m.uvs.push(uv[0], uv[1]);
      acc.push([0, 0, 0]);
    }
  const P = (k: number): V3 => [m.positions[k * 3]!, m.positions[k * 3 + 1]!, m.positions[k * 3 + 2]!];
  const tri = (a: number, b: number, c: number) => {
    const n = cross(sub(P(b), P(a)), sub(P(c), P(a)));
    if (len(n) < 1e-14) return;
    if (opts.flip) m.indices.push(a, c, b);
    else m.indices.push(a, b, c);
    for (const k of [a, b, c]) acc[k] = add(acc[k]!, n);
  };
  for (let j = 0; j < nv; j++)
    for (let i = 0; i < nu; i++) {
      const a = idx(i, j),
        b = idx(i + 1, j),
        c = idx(i + 1, j + 1),
        d = idx(i, j + 1);
      tri(a, b, c);
      tri(a, c, d);
    }
  if (opts.closedU)
    for (let j = 0; j <= nv; j++) {
      const s = add(acc[idx(0, j)]!, acc[idx(nu, j)]!);
      acc[idx(0, j)] = s;
      acc[idx(nu, j)] = s;
    }
  if (opts.closedV)
    for (let i = 0; i <= nu; i++) {
      const s = add(acc[idx(i, 0)]!, acc[idx(i, nv)]!);
      acc[idx(i, 0)] = s;
      acc[idx(i, nv)] = s;
    }
  // A row (or column) whose points coincide is a pole: share one normal across it.
  const collapse = (ks: number[]) => {
    const p0 = P(ks[0]!);
    if (!ks.every((k) => len(sub(P(k), p0)) < 1e-7)) return;
    const s = ks.reduce<V3>((t, k) => add(t, acc[k]!), [0, 0, 0]);
    for (const k of ks) acc[k] = s;
  };
  for (let j = 0; j <= nv; j++) collapse(Array.from({ length: nu + 1 }, (_, i) => idx(i, j)));
  for (let i = 0; i <= nu; i++) collapse(Array.from({ length: nv + 1 }, (_, j) => idx(i, j)));
  for (const n of acc) {
    const u = normalize(opts.flip ? scale(n, -1) : n);
    m.normals.push(u[0], u[1], u[2]);
  }
  return m;
}

/** Sample f over a (nu+1) × (nv+1) grid of (u, v) in [0, 1]². */
export function parametric(f: (u: number, v: number) => V3, nu: number, nv: number, opts: GridOptions = {}): MeshData {
  const rows: V3[][] = [];
  for (let j = 0; j <= nv; j++) {
    const row: V3[] = [];
    for (let i = 0; i <= nu; i++) row.push(f(i / nu, j / nv));
    rows.push(row);
  }
  return grid(rows, opts);
}

/**
 * Revolve a profile of (radius, y) points, bottom to top, around the Y axis. Repeat a point
 * to make a sharp edge. V follows the profile's length, U the angle.
 */
export function lathe(profile: V2[], segments: number, opts: { ripple?: (angle: number, k: number) => number } = {}): MeshData {
  const lengths = [0];
  for (let k = 1; k < profile.length; k++)
    lengths.push(lengths[k - 1]! + Math.hypot(profile[k]![0] - profile[k - 1]![0], profile[k]![1] - profile[k - 1]![1]));
  const total = lengths.at(-1)! || 1;
  const rows = profile.map(([r, y], k) =>
    Array.from({ length: segments + 1 }, (_, i): V3 => {
      const a = (i / segments) * Math.PI * 2;
      const rr = r * (opts.ripple ? opts.ripple(a, k) : 1);
      return [rr * Math.cos(a), y, -rr * Math.sin(a)];
    }),
  );
  return grid(rows, { closedU: true, uv: (i, j) => [i / segments, lengths[j]! / total] });
}

const spow = (x: number, e: number) => (Math.abs(x) < 1e-12 ? 0 : Math.sign(x) * Math.pow(Math.abs(x), e));

/**
 * A superellipsoid of half-sizes [a, b, c]: e1 shapes the vertical profile, e2 the
 * horizontal one (1 = round, towards 0 = boxy). Good for cushions, pads and links.
 */
export function superellipsoid(half: V3, e1: number, e2: number, nu = 32, nv = 16): MeshData {
  return parametric(
    (u, v) => {
      const w = -Math.PI + u * 2 * Math.PI;
      const h = -Math.PI / 2 + v * Math.PI;
      const ch = v === 0 || v === 1 ? 0 : spow(Math.cos(h), e1);
      return [half[0] * ch * spow(Math.cos(w), e2), half[1] * spow(Math.sin(h), e1), -half[2] * ch * spow(Math.sin(w), e2)];
    },
    nu,
    nv,
    { closedU: true },
  );
}

/** A torus in the XZ plane around Y. */
export function torus(R: number, r: number, nu = 48, nv = 16): MeshData {
  return parametric(
    (u, v) => {
      const a = u * Math.PI * 2;
      const b = v * Math.PI * 2;
      const d = R + r * Math.cos(b);
      return [d * Math.cos(a), r * Math.sin(b), -d * Math.sin(a)];
    },
    nu,
    nv,
    { closedU: true, closedV: true },
  );
}

/** Points on a circle or rounded rectangle, counter-clockwise, for sweep sections. */
export function roundedRect(w: number, h: number, r: number, segs = 4): V2[] {
  const pts: V2[] = [];
  const cx = w / 2 - r,
    cy = h / 2 - r;
  const corners: [number, number, number][] = [
    [cx, cy, 0],
    [-cx, cy, Math.PI / 2],
    [-cx, -cy, Math.PI],
    [cx, -cy, (3 * Math.PI) / 2],
  ];
  for (const [x, y, a0] of corners)
    for (let k = 0; k <= segs; k++) {
      const a = a0 + (k / segs) * (Math.PI / 2);
      pts.push([x + r * Math.cos(a), y + r * Math.sin(a)]);
    }
  return pts;
}

export function circle(r: number, segs = 12): V2[] {
  return Array.from({ length: segs }, (_, k): V2 => [
    r * Math.cos((k / segs) * 2 * Math.PI),
    r * Math.sin((k / segs) * 2 * Math.PI),
  ]);
}

export interface SweepOptions {
  /** Orient the section's first axis along this vector (projected off the path); else parallel transport. */
  normalRef?: V3;
  closedPath?: boolean;
  /** Close open ends with flat caps. */
  caps?: boolean;
  /** Scale of the section along the path, t in [0, 1]. */
  scaleAt?: (t: number) => number;
  /** Metres per UV unit. */
  uvScale?: number;
}

/** Sweep a closed counter-clockwise section along a path. */
export function sweep(path: V3[], section: V2[], opts: SweepOptions = {}): MeshData {
  const n = path.length;
  const tangents = path.map((_, k) => {
    const a = path[opts.closedPath ? (k - 1 + n) % n : Math.max(0, k - 1)]!;
    const b = path[opts.closedPath ? (k + 1) % n : Math.min(n - 1, k + 1)]!;
    return normalize(sub(b, a));
  });
  const normals: V3[] = [];
  for (let k = 0; k < n; k++) {
    const t = tangents[k]!;
    let ref: V3;
    if (opts.normalRef) ref = opts.normalRef;
    else if (k === 0) ref = Math.abs(t[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
    else ref = normals[k - 1]!;
    normals.push(normalize(sub(ref, scale(t, dot(ref, t)))));
  }
  const pts = opts.closedPath ? [...path, path[0]!] : path;
  const lengths = [0];
  for (let k = 1; k < pts.length; k++) lengths.push(lengths[k - 1]! + len(sub(pts[k]!, pts[k - 1]!)));
  const sec = [...section, section[0]!];
  const perim = [0];
  for (let i = 1; i < sec.length; i++)
    perim.push(perim[i - 1]! + Math.hypot(sec[i]![0] - sec[i - 1]![0], sec[i]![1] - sec[i - 1]![1]));
  const us = opts.uvScale ?? 1;
  const rows = pts.map((p, k) => {
    const kk = k % n;
    const N = normals[kk]!;
    const B = cross(tangents[kk]!, N);
    const s = opts.scaleAt ? opts.scaleAt(lengths[k]! / lengths.at(-1)!) : 1;
    return sec.map(([x, y]): V3 => add(p, add(scale(N, x * s), scale(B, y * s))));
  });
  const body = grid(rows, { closedU: true, closedV: opts.closedPath, uv: (i, j) => [perim[i]! / us, lengths[j]! / us] });
  if (!opts.caps || opts.closedPath) return body;
  const cap = (row: V3[], dir: V3) => {
    const ring = row.slice(0, -1);
    const centre = scale(
      ring.reduce<V3>((s, p) => add(s, p), [0, 0, 0]),
      1 / ring.length,
    );
    const m = empty();
    m.positions.push(...centre);
    m.normals.push(...dir);
    m.uvs.push(0.5, 0.5);
    ring.forEach((p, i) => {
      m.positions.push(...p);
      m.normals.push(...dir);
      m.uvs.push(0.5 + section[i]![0] / us, 0.5 + section[i]![1] / us);
    });
    for (let i = 0; i < ring.length; i++) {
      const a = i + 1,
        b = ((i + 1) % ring.length) + 1;
      const front = dot(cross(sub(ring[i]!, centre), sub(ring[b - 1]!, centre)), dir) > 0;
      m.indices.push(...(front ? [0, a, b] : [0, b, a]));
    }
    return m;
  };
  return merge(body, cap(rows[0]!, scale(tangents[0]!, -1)), cap(rows.at(-1)!, tangents[n - 1]!));
}

/** Ear-clipping triangulation of a simple polygon (either winding); returns index triples. */
export function triangulate(poly: V2[]): number[] {
  const area = poly.reduce((s, p, i) => {
    const q2 = poly[(i + 1) % poly.length]!;
    return s + p[0] * q2[1] - q2[0] * p[1];
  }, 0);
  const idx = poly.map((_, i) => i);
  if (area < 0) idx.reverse();
  const out: number[] = [];
  const crossAt = (a: V2, b: V2, c: V2) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const inside = (p: V2, a: V2, b: V2, c: V2) => crossAt(a, b, p) >= 0 && crossAt(b, c, p) >= 0 && crossAt(c, a, p) >= 0;
  let guard = 0;
  while (idx.length > 3 && guard++ < 10000) {
    let clipped = false;
    for (let k = 0; k < idx.length; k++) {
      const ia = idx[(k - 1 + idx.length) % idx.length]!,
        ib = idx[k]!,
        ic = idx[(k + 1) % idx.length]!;
      const a = poly[ia]!,
        b = poly[ib]!,
        c = poly[ic]!;
      if (crossAt(a, b, c) <= 1e-14) continue;
      if (idx.some((o) => o !== ia && o !== ib && o !== ic && inside(poly[o]!, a, b, c))) continue;
      out.push(ia, ib, ic);
      idx.splice(k, 1);
      clipped = true;
      break;
    }
    if (!clipped) break;
  }
  if (idx.length === 3) out.push(idx[0]!, idx[1]!, idx[2]!);
  return out;
}

/**
 * Extrude a 2D outline (x, y) along +Z from z = 0 to z = depth, with flat caps and hard side
 * edges. UVs of the caps map the outline's bounding box to 0..1.
 */
export function extrude(outline: V2[], depth: number): MeshData {
  const m = empty();
  const xs = outline.map((p) => p[0]),
    ys = outline.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const tris = triangulate(outline);
  for (const [z, nz] of [
    [depth, 1],
    [0, -1],
  ] as const) {
    const base = m.positions.length / 3;
    for (const p of outline) {
      m.positions.push(p[0], p[1], z);
      m.normals.push(0, 0, nz);
      m.uvs.push((p[0] - x0) / (x1 - x0 || 1), (y1 - p[1]) / (y1 - y0 || 1));
    }
    for (let t = 0; t < tris.length; t += 3) {
      const [a, b, c] = [tris[t]!, tris[t + 1]!, tris[t + 2]!];
      m.indices.push(...(nz > 0 ? [base + a, base + b, base + c] : [base + a, base + c, base + b]));
    }
  }
  const ccw =
    tris.length >= 3 &&
    (() => {
      const [a, b, c] = [outline[tris[0]!]!, outline[tris[1]!]!, outline[tris[2]!]!];
      return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0;
    })();
  // Caps above assumed CCW triangles; fix the winding when the outline is clockwise.
  if (!ccw)
    for (let t = 0; t < m.indices.length; t += 3) [m.indices[t + 1], m.indices[t + 2]] = [m.indices[t + 2]!, m.indices[t + 1]!];
  for (let i = 0; i < outline.length; i++) {
    const a = outline[i]!,
      b = outline[(i + 1) % outline.length]!;
    const e: V3 = [b[0] - a[0], b[1] - a[1], 0];
    const nrm = normalize(ccw ? [e[1], -e[0], 0] : [-e[1], e[0], 0]);
    const base = m.positions.length / 3;
    const quad: V3[] = [
      [a[0], a[1], 0],
      [b[0], b[1], 0],
      [b[0], b[1], depth],
      [a[0], a[1], depth],
    ];
    quad.forEach((p, k) => {
      m.positions.push(...p);
      m.normals.push(...nrm);
      m.uvs.push(k === 1 || k === 2 ? 1 : 0, k >= 2 ? 1 : 0);
    });
    m.indices.push(
      ...(ccw ? [base, base + 1, base + 2, base, base + 2, base + 3] : [base, base + 2, base + 1, base, base + 3, base + 2]),
    );
  }
  return m;
}

export function merge(...meshes: MeshData[]): MeshData {
  const m = empty();
  for (const x of meshes) {
    const base = m.positions.length / 3;
    m.positions.push(...x.positions);
    m.normals.push(...x.normals);
    m.uvs.push(...x.uvs);
    for (const i of x.indices) m.indices.push(base + i);
  }
  return m;
}

export type Axis = 'x' | 'y' | 'z';

function rotate(p: V3, axis: Axis, a: number): V3 {
  const c = Math.cos(a),
    s = Math.sin(a);
  if (axis === 'x') return [p[0], p[1] * c - p[2] * s, p[1] * s + p[2] * c];
  if (axis === 'y') return [p[0] * c + p[2] * s, p[1], -p[0] * s + p[2] * c];
  return [p[0] * c - p[1] * s, p[0] * s + p[1] * c, p[2]];
}

export interface Transform {
  scale?: V3;
  /** Applied in order, after scaling. */
  rotate?: [Axis, number][];
  translate?: V3;
}

/** A copy of the mesh scaled, rotated and moved; normals follow (inverse-transpose for scale). */
export function transform(m: MeshData, t: Transform): MeshData {
  const out: MeshData = { positions: [], normals: [], uvs: [...m.uvs], indices: [...m.indices] };
  const s = t.scale ?? [1, 1, 1];
  const mirrored = s[0] * s[1] * s[2] < 0;
  for (let k = 0; k < m.positions.length; k += 3) {
    let p: V3 = [m.positions[k]! * s[0], m.positions[k + 1]! * s[1], m.positions[k + 2]! * s[2]];
    let n: V3 = normalize([m.normals[k]! / s[0], m.normals[k + 1]! / s[1], m.normals[k + 2]! / s[2]]);
    for (const [axis, a] of t.rotate ?? []) {
      p = rotate(p, axis, a);
      n = rotate(n, axis, a);
    }
    if (t.translate) p = add(p, t.translate);
    out.positions.push(...p);
    out.normals.push(...n);
  }
  if (mirrored)
    for (let k = 0; k < out.indices.length; k += 3)
      [out.indices[k + 1], out.indices[k + 2]] = [out.indices[k + 2]!, out.indices[k + 1]!];
  return out;
}

/** Displace every vertex by f(position) and recompute smooth normals, welding equal positions. */
export function displace(m: MeshData, f: (p: V3) => V3): MeshData {
  const out: MeshData = { positions: [], normals: [], uvs: [...m.uvs], indices: [...m.indices] };
  for (let k = 0; k < m.positions.length; k += 3)
    out.positions.push(...f([m.positions[k]!, m.positions[k + 1]!, m.positions[k + 2]!]));
  return smoothNormals(out);
}

/** Recompute normals as area-weighted averages over all vertices that share a position. */
export function smoothNormals(m: MeshData): MeshData {
  const key = (k: number) => `${q(m.positions[k * 3]!)},${q(m.positions[k * 3 + 1]!)},${q(m.positions[k * 3 + 2]!)}`;
  const acc = new Map<string, V3>();
  const P = (k: number): V3 => [m.positions[k * 3]!, m.positions[k * 3 + 1]!, m.positions[k * 3 + 2]!];
  for (let t = 0; t < m.indices.length; t += 3) {
    const [a, b, c] = [m.indices[t]!, m.indices[t + 1]!, m.indices[t + 2]!];
    const n = cross(sub(P(b), P(a)), sub(P(c), P(a)));
    for (const k of [a, b, c]) acc.set(key(k), add(acc.get(key(k)) ?? [0, 0, 0], n));
  }
  const normals: number[] = [];
  for (let k = 0; k < m.positions.length / 3; k++) normals.push(...normalize(acc.get(key(k)) ?? [0, 1, 0]));
  return { ...m, normals };
}

/** Quantise positions, normals and UVs so that the written bytes are identical on every run. */
export function quantise(m: MeshData): MeshData {
  return { positions: m.positions.map(q), normals: m.normals.map(q), uvs: m.uvs.map(q), indices: m.indices };
}

export const triangleCount = (m: MeshData) => m.indices.length / 3;

/** Points along a polyline with its corners rounded by circular-ish fillets of radius r. */
export function filletPath(points: V3[], r: number, segs = 6): V3[] {
  const out: V3[] = [points[0]!];
  for (let k = 1; k < points.length - 1; k++) {
    const p = points[k]!;
    const a = normalize(sub(points[k - 1]!, p));
    const b = normalize(sub(points[k + 1]!, p));
    const d = Math.min(r, len(sub(points[k - 1]!, p)) / 2, len(sub(points[k + 1]!, p)) / 2);
    const s = add(p, scale(a, d));
    const e = add(p, scale(b, d));
    for (let i = 0; i <= segs; i++) {
      const t = i / segs;
      // Quadratic Bézier through the corner: smooth enough for tubes.
      const u = 1 - t;
      out.push(add(add(scale(s, u * u), scale(p, 2 * u * t)), scale(e, t * t)));
    }
  }
  out.push(points.at(-1)!);
  return out;
}

/** Evenly resample a polyline by arc length. */
export function resample(points: V3[], count: number): V3[] {
  const lengths = [0];
  for (let k = 1; k < points.length; k++) lengths.push(lengths[k - 1]! + len(sub(points[k]!, points[k - 1]!)));
  const total = lengths.at(-1)!;
  const out: V3[] = [];
  let seg = 1;
  for (let i = 0; i < count; i++) {
    const d = (i / (count - 1)) * total;
    while (seg < points.length - 1 && lengths[seg]! < d) seg++;
    const t = (d - lengths[seg - 1]!) / (lengths[seg]! - lengths[seg - 1]! || 1);
    out.push(add(points[seg - 1]!, scale(sub(points[seg]!, points[seg - 1]!), t)));
  }
  return out;
}

/**
 * Place a mesh in a new frame: local X goes to xAxis, local Y to yAxis (both unit and
 * perpendicular), local Z to xAxis × yAxis, then the origin is moved to `origin`.
 */
export function place(m: MeshData, origin: V3, xAxis: V3, yAxis: V3): MeshData {
  const zAxis = cross(xAxis, yAxis);
  const map = (x: number, y: number, z: number): V3 => add(add(scale(xAxis, x), scale(yAxis, y)), scale(zAxis, z));
  const out: MeshData = { positions: [], normals: [], uvs: [...m.uvs], indices: [...m.indices] };
  for (let k = 0; k < m.positions.length; k += 3) {
    out.positions.push(...add(origin, map(m.positions[k]!, m.positions[k + 1]!, m.positions[k + 2]!)));
    out.normals.push(...normalize(map(m.normals[k]!, m.normals[k + 1]!, m.normals[k + 2]!)));
  }
  return out;
}
