import { DiagramLimitError } from './diagramStore.js';

/**
 * Multiplicative edge-valued decision diagrams over multi-valued variables, with BigInt
 * factors (EVBDDs of Lai and Sastry with × for +, as in the factored EVBDDs of Tafertshofer
 * and Pedram): what the count of a tree of diagrams (`diagramCount`) sums and multiplies.
 *
 * A function is an edge: a factor w ≥ 0 and a node u, meaning w · f_u. A node decides its
 * level's variable; its child for value v is an edge (w_v, u_v). Nodes are normalised: the
 * gcd of their children's factors is 1 (the gcd goes up to the edge entering the node), an
 * edge of factor 0 points to the one terminal, and no node has all its children equal. So
 * each function has one edge, and functions that differ by a factor share their node.
 *
 * Why: the counting messages of a tree decomposition are products of the counts of parts that
 * are independent once the separator is fixed; as multi-terminal diagrams (one terminal per
 * distinct count) they have as many terminals as products of the parts' counts and do not
 * share, while here a product of functions of different variables is a chain of their nodes.
 * On long-range 20 % the message of a core cluster has 36,856 nodes with 20,481 distinct counts
 * as an ADD, and 6,215 nodes here.
 *
 * Operations return their edge's node and leave its factor in `w` (read it at once).
 * Bounded: past `limit` nodes or `maxSteps` recursive steps (cache misses) the store throws
 * DiagramLimitError.
 */
export class EvStore {
  readonly levels: number;
  readonly size: Int32Array;
  /** The terminal: the constant 1 (every edge ends there; the zero function is (0, ONE)). */
  readonly ONE = 0;
  /** The factor of the edge the last operation returned. */
  w = 1n;
  count = 0;
  steps = 0;
  limit = Infinity;
  maxSteps = Infinity;
  private level: Int32Array;
  private start: Int32Array;
  private kids: Int32Array;
  private kidW: bigint[] = [];
  private nKids = 0;
  private hash: Int32Array;
  private chain: Int32Array;
  private buckets: Int32Array;
  private scratch: Int32Array[];
  private scratchW: bigint[][];
  private tA: Int32Array;
  private tB: Int32Array;
  private tR: Int32Array;
  private tW: bigint[];
  private pA: Int32Array;
  private pB: Int32Array;
  private pWA: bigint[];
  private pWB: bigint[];
  private pR: Int32Array;
  private pW: bigint[];

  constructor(size: ArrayLike<number>, cacheBits = 18) {
    this.levels = size.length;
    this.size = Int32Array.from(size);
    const cap = 1024;
    this.level = new Int32Array(cap);
    this.start = new Int32Array(cap + 1);
    this.kids = new Int32Array(cap * 4);
    this.hash = new Int32Array(cap);
    this.chain = new Int32Array(cap);
    this.buckets = new Int32Array(1 << 10).fill(-1);
    this.scratch = Array.from({ length: this.levels + 1 }, (_, l) => new Int32Array(this.size[l] ?? 0));
    this.scratchW = Array.from({ length: this.levels + 1 }, (_, l) => new Array<bigint>(this.size[l] ?? 0).fill(0n));
    const n = 1 << cacheBits;
    this.tA = new Int32Array(n).fill(-1);
    this.tB = new Int32Array(n);
    this.tR = new Int32Array(n);
    this.tW = new Array<bigint>(n).fill(0n);
    this.pA = new Int32Array(n).fill(-1);
    this.pB = new Int32Array(n);
    this.pWA = new Array<bigint>(n).fill(0n);
    this.pWB = new Array<bigint>(n).fill(0n);
    this.pR = new Int32Array(n);
    this.pW = new Array<bigint>(n).fill(0n);
    // The terminal.
    this.alloc(this.levels, 0);
  }

  levelOf(u: number): number {
    return this.level[u]!;
  }

  kid(u: number, v: number): number {
    return this.kids[this.start[u]! + v]!;
  }

  kidWeight(u: number, v: number): bigint {
    return this.kidW[this.start[u]! + v]!;
  }

  /**
   * The normalised node deciding `level` with children (ws[v], ks[v]) (the arrays are read,
   * not kept): returns its node, its factor in `w`.
   */
  node(level: number, ks: Int32Array, ws: bigint[]): number {
    const n = this.size[level]!;
    let g = 0n;
    for (let v = 0; v < n; v++) {
      const x = ws[v]!;
      if (x === 0n) continue;
      if (g === 1n) break;
      g = g === 0n ? x : gcd(g, x);
    }
    if (g === 0n) {
      this.w = 0n;
      return this.ONE;
    }
    let same = true;
    let h = (level + 1) * 0x9e3779b1;
    for (let v = 0; v < n; v++) {
      let x = ws[v]!;
      if (x === 0n) ks[v] = this.ONE;
      else if (g !== 1n) ws[v] = x /= g;
      if (ks[v] !== ks[0] || x !== ws[0]) same = false;
      h = Math.imul(h ^ ks[v]!, 0x85ebca6b) + v;
      h = Math.imul(h ^ weightHash(x), 0xc2b2ae35);
    }
    if (same) {
      // Every child is (1, k) after the division: the node is k scaled by g.
      this.w = g;
      return ks[0]!;
    }
    h = (h ^ (h >>> 15)) | 0;
    const mask = this.buckets.length - 1;
    for (let u = this.buckets[h & mask]!; u >= 0; u = this.chain[u]!) {
      if (this.hash[u] !== h || this.level[u] !== level) continue;
      const s = this.start[u]!;
      let eq = true;
      for (let v = 0; v < n; v++)
        if (this.kids[s + v] !== ks[v] || this.kidW[s + v] !== ws[v]) {
          eq = false;
          break;
        }
      if (eq) {
        this.w = g;
        return u;
      }
    }
    const u = this.alloc(level, n);
    const s = this.start[u]!;
    for (let v = 0; v < n; v++) {
      this.kids[s + v] = ks[v]!;
      const x = ws[v]!;
      // Small factors (most of them) are shared objects, not one BigInt per child kept.
      this.kidW[s + v] = x < SMALL_FACTORS ? SMALL[Number(x)]! : x;
    }
    this.hash[u] = h;
    this.chain[u] = this.buckets[h & mask]!;
    this.buckets[h & mask] = u;
    if (this.count > this.buckets.length) this.rehash();
    this.w = g;
    return u;
  }

  /** The product f_a · f_b of two nodes (factor in `w`). */
  times(a: number, b: number): number {
    if (a === this.ONE) {
      this.w = 1n;
      return b;
    }
    if (b === this.ONE) {
      this.w = 1n;
      return a;
    }
    if (a > b) [a, b] = [b, a];
    const slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & (this.tA.length - 1);
    if (this.tA[slot] === a && this.tB[slot] === b) {
      this.w = this.tW[slot]!;
      return this.tR[slot]!;
    }
    this.step();
    const la = this.level[a]!;
    const lb = this.level[b]!;
    const l = la < lb ? la : lb;
    const n = this.size[l]!;
    const ks = this.scratch[l]!;
    const ws = this.scratchW[l]!;
    for (let v = 0; v < n; v++) {
      const ka = la === l ? this.kid(a, v) : a;
      const wa = la === l ? this.kidWeight(a, v) : 1n;
      const kb = lb === l ? this.kid(b, v) : b;
      const wb = lb === l ? this.kidWeight(b, v) : 1n;
      if (wa === 0n || wb === 0n) {
        ks[v] = this.ONE;
        ws[v] = 0n;
        continue;
      }
      ks[v] = this.times(ka, kb);
      ws[v] = mul(mul(wa, wb), this.w);
    }
    const r = this.node(l, ks, ws);
    this.tA[slot] = a;
    this.tB[slot] = b;
    this.tR[slot] = r;
    this.tW[slot] = this.w;
    return r;
  }

  /** The sum wa · f_a + wb · f_b (factor in `w`). */
  plus(wa: bigint, a: number, wb: bigint, b: number): number {
    if (wa === 0n) {
      this.w = wb;
      return b;
    }
    if (wb === 0n) {
      this.w = wa;
      return a;
    }
    if (a === b) {
      this.w = wa + wb;
      return a;
    }
    if (a > b) {
      [a, b] = [b, a];
      [wa, wb] = [wb, wa];
    }
    const g = wa === 1n || wb === 1n ? 1n : gcd(wa, wb);
    if (g !== 1n) {
      wa /= g;
      wb /= g;
    }
    const slot =
      (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(weightHash(wa) + 31 * weightHash(wb), 0x27d4eb2f)) &
      (this.pA.length - 1);
    if (this.pA[slot] === a && this.pB[slot] === b && this.pWA[slot] === wa && this.pWB[slot] === wb) {
      this.w = g * this.pW[slot]!;
      return this.pR[slot]!;
    }
    this.step();
    const la = this.level[a]!;
    const lb = this.level[b]!;
    const l = la < lb ? la : lb;
    const n = this.size[l]!;
    const ks = this.scratch[l]!;
    const ws = this.scratchW[l]!;
    for (let v = 0; v < n; v++) {
      const ka = la === l ? this.kid(a, v) : a;
      const xa = la === l ? mul(wa, this.kidWeight(a, v)) : wa;
      const kb = lb === l ? this.kid(b, v) : b;
      const xb = lb === l ? mul(wb, this.kidWeight(b, v)) : wb;
      ks[v] = this.plus(xa, ka, xb, kb);
      ws[v] = this.w;
    }
    const r = this.node(l, ks, ws);
    this.pA[slot] = a;
    this.pB[slot] = b;
    this.pWA[slot] = wa;
    this.pWB[slot] = wb;
    this.pR[slot] = r;
    this.pW[slot] = this.w;
    this.w *= g;
    return r;
  }

  /**
   * Σ over every value of each level in `out` of f_a (a level the diagram skips counts once
   * per value), factor in `w`.
   */
  eliminate(a: number, out: Uint8Array): number {
    return this.timesEliminate(a, this.ONE, out);
  }

  /**
   * Σ over every value of each level in `out` of f_a · f_b, without making the product's
   * nodes (with every level out, the sum of a product is a recursion over pairs of nodes that
   * makes no node at all), factor in `w`.
   */
  timesEliminate(a: number, b: number, out: Uint8Array): number {
    // before[l]: product of the sizes of the levels in `out` above l.
    const before: bigint[] = [1n];
    for (let l = 0; l < this.levels; l++) before.push(out[l] ? before[l]! * BigInt(this.size[l]!) : before[l]!);
    const L = this.levels;
    /** The sizes of the out levels in [from, to) (levels a path skips). */
    const skipped = (from: number, to: number): bigint => (to === from ? 1n : before[to]! / before[from]!);
    // Pair → index into memoR/memoW.
    const memo = new Map<number, number>();
    const memoR: number[] = [];
    const memoW: bigint[] = [];
    const { ONE } = this;
    // Σ over the out levels from min(level a, level b) down of f_a · f_b.
    const rec = (a: number, b: number): number => {
      if (a > b) [a, b] = [b, a];
      if (b === ONE) {
        // a too is the terminal (ONE is 0, the least id).
        this.w = 1n;
        return ONE;
      }
      const key = a * 16777216 + b;
      const hit = memo.get(key);
      if (hit !== undefined) {
        this.w = memoW[hit]!;
        return memoR[hit]!;
      }
      this.step();
      const la = this.level[a]!;
      const lb = this.level[b]!;
      const l = la < lb ? la : lb;
      const n = this.size[l]!;
      let r: number;
      if (out[l]) {
        r = ONE;
        let rw = 0n;
        for (let v = 0; v < n; v++) {
          const wa = la === l ? this.kidWeight(a, v) : 1n;
          const wb = lb === l ? this.kidWeight(b, v) : 1n;
          if (wa === 0n || wb === 0n) continue;
          const ka = la === l ? this.kid(a, v) : a;
          const kb = lb === l ? this.kid(b, v) : b;
          const k = rec(ka, kb);
          const lk = Math.min(this.level[ka]!, this.level[kb]!, L);
          const f = mul(mul(mul(wa, wb), this.w), skipped(l + 1, lk));
          r = this.plus(rw, r, f, k);
          rw = this.w;
        }
        this.w = rw;
      } else {
        const ks = new Int32Array(n);
        const ws = new Array<bigint>(n);
        for (let v = 0; v < n; v++) {
          const wa = la === l ? this.kidWeight(a, v) : 1n;
          const wb = lb === l ? this.kidWeight(b, v) : 1n;
          if (wa === 0n || wb === 0n) {
            ks[v] = ONE;
            ws[v] = 0n;
            continue;
          }
          const ka = la === l ? this.kid(a, v) : a;
          const kb = lb === l ? this.kid(b, v) : b;
          ks[v] = rec(ka, kb);
          const lk = Math.min(this.level[ka]!, this.level[kb]!, L);
          ws[v] = mul(mul(mul(wa, wb), this.w), skipped(l + 1, lk));
        }
        r = this.node(l, ks, ws);
      }
      memo.set(key, memoR.length);
      memoR.push(r);
      memoW.push(this.w);
      return r;
    };
    const r = rec(a, b);
    this.w = mul(this.w, skipped(0, Math.min(this.level[a]!, this.level[b]!)));
    return r;
  }

  /** The number of nodes reachable from `a`, the terminal included. */
  reach(a: number): number {
    const seen = new Set<number>([a]);
    const stack = [a];
    while (stack.length) {
      const u = stack.pop()!;
      const l = this.level[u]!;
      if (l === this.levels) continue;
      for (let v = 0; v < this.size[l]!; v++) {
        const c = this.kid(u, v);
        if (!seen.has(c)) {
          seen.add(c);
          stack.push(c);
        }
      }
    }
    return seen.size;
  }

  private step(): void {
    if (++this.steps > this.maxSteps) throw new DiagramLimitError(this.maxSteps);
  }

  private alloc(level: number, nKids: number): number {
    if (this.count >= this.limit) throw new DiagramLimitError(this.limit);
    const u = this.count++;
    if (u + 1 >= this.level.length) {
      const grow = (a: Int32Array, n: number) => {
        const b = new Int32Array(n);
        b.set(a);
        return b;
      };
      const cap = this.level.length * 2;
      this.level = grow(this.level, cap);
      this.start = grow(this.start, cap + 1);
      this.hash = grow(this.hash, cap);
      this.chain = grow(this.chain, cap);
    }
    if (this.nKids + nKids > this.kids.length) {
      const b = new Int32Array(Math.max(this.kids.length * 2, this.nKids + nKids));
      b.set(this.kids);
      this.kids = b;
    }
    this.level[u] = level;
    this.start[u] = this.nKids;
    this.nKids += nKids;
    this.start[u + 1] = this.nKids;
    return u;
  }

  private rehash(): void {
    const buckets = new Int32Array(this.buckets.length * 2).fill(-1);
    const mask = buckets.length - 1;
    for (let u = 1; u < this.count; u++) {
      const b = this.hash[u]! & mask;
      this.chain[u] = buckets[b]!;
      buckets[b] = u;
    }
    this.buckets = buckets;
  }
}

const SMALL_FACTORS = 4096n;
const SMALL = Array.from({ length: Number(SMALL_FACTORS) }, (_, i) => BigInt(i));

function mul(a: bigint, b: bigint): bigint {
  return a === 1n ? b : b === 1n ? a : a * b;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    if (a <= SAFE && b <= SAFE) {
      // Small enough for doubles (exact below 2^53): no BigInt made per step.
      let x = Number(a);
      let y = Number(b);
      while (y !== 0) [x, y] = [y, x % y];
      return BigInt(x);
    }
    [a, b] = [b, a % b];
  }
  return a;
}

/** A 32-bit hash of a factor (its low bits, which differ for nearby factors). */
function weightHash(x: bigint): number {
  return x < 0x7fffffffn ? Number(x) : Number(BigInt.asUintN(32, x)) | 0;
}
