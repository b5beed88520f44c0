/**
 * A small package of reduced, ordered multi-terminal decision diagrams (ADDs over
 * multi-valued variables) whose terminals are values of a commutative semiring with an
 * idempotent ⊕ (min-sum; boolean as 0/Infinity): the diagrams of the engine's third compiled
 * form, a tree of diagrams (`diagramTree.ts`). Counts, whose ⊕ is not idempotent and whose
 * values all differ, use edge-valued diagrams instead (`evStore.ts`).
 *
 * - Levels are the positions of the variables in one global order; a node decides its
 *   level's variable and has one child per value. A level a path skips is a don't-care.
 * - Reduced: no node has all children equal, and equal nodes are one node (the unique
 *   table: open hashing over typed arrays, so a node costs a few integers, not a string key).
 * - `apply` combines two diagrams pointwise by ⊕ or ⊗ (memoised in a direct-mapped cache);
 *   `eliminate` sums levels out by ⊕ (min for min-sum: a projection); `restrict` fixes values.
 * - Arena memory: `mark()` remembers the store's size and `release(mark)` drops every node
 *   made since, so the diagrams of one click (messages, beliefs) cost nothing to free. Nodes
 *   made before a mark are never changed by what follows.
 *
 * Node ids: every node, terminals included, is an index; terminals sit at level `levels`.
 */
export interface DiagramSemiring<T> {
  zero: T;
  one: T;
  plus(a: T, b: T): T;
  times(a: T, b: T): T;
}

export const MIN_PLUS: DiagramSemiring<number> = {
  zero: Infinity,
  one: 0,
  plus: (a, b) => (a < b ? a : b),
  times: (a, b) => a + b,
};

/** The nodes of a store as plain typed arrays (structured-cloneable), terminals with their values. */
export interface DiagramNodes<T> {
  count: number;
  level: Int32Array;
  start: Int32Array;
  kids: Int32Array;
  /** Per node, its value when it is a terminal (unused otherwise). */
  value: T[];
}

export const PLUS = 0;
export const TIMES = 1;

export class DiagramStore<T> {
  readonly levels: number;
  readonly size: Int32Array;
  readonly sr: DiagramSemiring<T>;
  /** The terminals of the semiring's zero and one. */
  readonly ZERO: number;
  readonly ONE: number;
  count = 0;
  private level: Int32Array;
  private start: Int32Array;
  private kids: Int32Array;
  private nKids = 0;
  private hash: Int32Array;
  private chain: Int32Array;
  private buckets: Int32Array;
  private value: T[] = [];
  private terminals = new Map<T, number>();
  private cacheA: Int32Array;
  private cacheB: Int32Array;
  private cacheR: Int32Array;
  private scratch: Int32Array[];
  /** Per elimination set (outId), node → result. */
  private elimMemo: Map<number, number>[] = [];
  private minMemo = new Map<number, number>();
  private fusedMemo = new Map<string, number>();
  private cacheWrites = 0;
  /** Nodes made before the store stops (a budget: compile must not run out of memory)… */
  limit = Infinity;
  /** …counted from this many (the nodes there were when the budget was set). */
  limitFrom = 0;

  constructor(size: ArrayLike<number>, sr: DiagramSemiring<T>, from?: DiagramNodes<T>) {
    this.levels = size.length;
    this.size = Int32Array.from(size);
    this.sr = sr;
    const cap = Math.max(1024, from ? from.count * 2 : 0);
    this.level = new Int32Array(cap);
    this.start = new Int32Array(cap + 1);
    this.kids = new Int32Array(cap * 4);
    this.hash = new Int32Array(cap);
    this.chain = new Int32Array(cap);
    this.buckets = new Int32Array(1 << 10).fill(-1);
    // The apply cache starts small and doubles with the work done (a small product keeps a
    // small store; long-range 20 % grows it to 2^20 entries within its first clicks).
    this.cacheA = new Int32Array(1 << 12).fill(-1);
    this.cacheB = new Int32Array(1 << 12);
    this.cacheR = new Int32Array(1 << 12);
    this.scratch = Array.from({ length: this.levels + 1 }, (_, l) => new Int32Array(this.size[l] ?? 0));
    if (from) {
      for (let u = 0; u < from.count; u++) {
        const l = from.level[u]!;
        if (l === this.levels) this.terminal(from.value[u]!);
        else {
          const k = this.scratch[l]!;
          for (let v = 0; v < k.length; v++) k[v] = from.kids[from.start[u]! + v]!;
          this.node(l, k);
        }
      }
    }
    this.ZERO = this.terminal(sr.zero);
    this.ONE = this.terminal(sr.one);
  }

  /** The nodes made so far, as plain arrays (a copy). */
  nodes(): DiagramNodes<T> {
    return {
      count: this.count,
      level: this.level.slice(0, this.count),
      start: this.start.slice(0, this.count + 1),
      kids: this.kids.slice(0, this.nKids),
      value: this.value.slice(0, this.count),
    };
  }

  levelOf(u: number): number {
    return this.level[u]!;
  }

  kid(u: number, v: number): number {
    return this.kids[this.start[u]! + v]!;
  }

  isTerminal(u: number): boolean {
    return this.level[u] === this.levels;
  }

  valueOf(u: number): T {
    return this.value[u]!;
  }

  terminal(v: T): number {
    const hit = this.terminals.get(v);
    if (hit !== undefined) return hit;
    const u = this.alloc(this.levels, 0);
    this.value[u] = v;
    this.terminals.set(v, u);
    return u;
  }

  /** The reduced node deciding `level` with these children (one per value; the array is read, not kept). */
  node(level: number, kids: ArrayLike<number>): number {
    const n = this.size[level]!;
    const k0 = kids[0]!;
    let same = true;
    let h = (level + 1) * 0x9e3779b1;
    for (let v = 0; v < n; v++) {
      const k = kids[v]!;
      if (k !== k0) same = false;
      h = Math.imul(h ^ k, 0x85ebca6b) + v;
    }
    if (same) return k0;
    h = (h ^ (h >>> 15)) >>> 0;
    const mask = this.buckets.length - 1;
    for (let u = this.buckets[h & mask]!; u >= 0; u = this.chain[u]!) {
      if (this.hash[u] !== (h | 0) || this.level[u] !== level) continue;
      const s = this.start[u]!;
      let eq = true;
      for (let v = 0; v < n; v++)
        if (this.kids[s + v] !== kids[v]) {
          eq = false;
          break;
        }
      if (eq) return u;
    }
    const u = this.alloc(level, n);
    const s = this.start[u]!;
    for (let v = 0; v < n; v++) this.kids[s + v] = kids[v]!;
    this.hash[u] = h | 0;
    const b = h & (this.buckets.length - 1);
    this.chain[u] = this.buckets[b]!;
    this.buckets[b] = u;
    if (this.count > this.buckets.length) this.rehash();
    return u;
  }

  /** The store's size now, to `release` back to. */
  mark(): number {
    return this.count;
  }

  /** Drop every node made since `mark` (ids ≥ mark become invalid). */
  release(mark: number): void {
    const mask = this.buckets.length - 1;
    for (let u = this.count - 1; u >= mark; u--) {
      if (this.level[u] === this.levels) this.terminals.delete(this.value[u]!);
      else this.buckets[this.hash[u]! & mask] = this.chain[u]!;
    }
    this.value.length = Math.min(this.value.length, mark);
    this.count = mark;
    this.nKids = this.start[mark]!;
    this.cacheA.fill(-1);
    this.elimMemo = [];
    this.minMemo.clear();
    this.fusedMemo.clear();
  }

  /** Pointwise a ⊕ b (op PLUS) or a ⊗ b (op TIMES). */
  apply(op: number, a: number, b: number): number {
    const { ZERO, ONE } = this;
    if (op === TIMES) {
      if (a === ZERO || b === ZERO) return ZERO;
      if (a === ONE) return b;
      if (b === ONE) return a;
    } else {
      if (a === ZERO) return b;
      if (b === ZERO) return a;
      // ⊕ is idempotent (min): the only semiring the engine's diagrams use (counts: evStore.ts).
      if (a === b) return a;
    }
    if (a > b) [a, b] = [b, a];
    const la = this.level[a]!;
    const lb = this.level[b]!;
    if (la === this.levels && lb === this.levels) {
      const va = this.value[a]!;
      const vb = this.value[b]!;
      return this.terminal(op === TIMES ? this.sr.times(va, vb) : this.sr.plus(va, vb));
    }
    const slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b * 2 + op, 0x85ebca6b)) & (this.cacheA.length - 1);
    if (this.cacheA[slot] === a && this.cacheB[slot] === b * 2 + op) return this.cacheR[slot]!;
    const l = la < lb ? la : lb;
    const n = this.size[l]!;
    // Recursion only goes to deeper levels, so one buffer per level is never in use twice.
    const kids = this.scratch[l]!;
    for (let v = 0; v < n; v++) kids[v] = this.apply(op, la === l ? this.kid(a, v) : a, lb === l ? this.kid(b, v) : b);
    const r = this.node(l, kids);
    this.cacheA[slot] = a;
    this.cacheB[slot] = b * 2 + op;
    this.cacheR[slot] = r;
    if (++this.cacheWrites > this.cacheA.length * 4 && this.cacheA.length < 1 << 20) this.growCache();
    return r;
  }

  /** ⊗ of several diagrams (ONE for none). */
  product(ds: Iterable<number>): number {
    let r = this.ONE;
    for (const d of ds) r = this.apply(TIMES, r, d);
    return r;
  }

  /** The diagram of one variable's values: value v ↦ values[v]. */
  unary(level: number, values: ArrayLike<T>): number {
    const kids = new Int32Array(this.size[level]!);
    for (let v = 0; v < kids.length; v++) kids[v] = this.terminal(values[v]!);
    return this.node(level, kids);
  }

  /**
   * ⊕ over every value of each level in `out` (⊕ is idempotent, so a level a diagram skips
   * needs nothing). The levels in `out` must include every level of `a` that is to disappear.
   * `outId` names the set `out` (a small integer, the same set each time): results are then
   * remembered across calls until `release`.
   */
  eliminate(a: number, out: Uint8Array, outId = -1): number {
    const memo = outId >= 0 ? (this.elimMemo[outId] ??= new Map<number, number>()) : new Map<number, number>();
    const rec = (u: number): number => {
      const l = this.level[u]!;
      if (l === this.levels) return u;
      const hit = memo.get(u);
      if (hit !== undefined) return hit;
      const n = this.size[l]!;
      let r: number;
      if (out[l]) {
        r = this.ZERO;
        for (let v = 0; v < n; v++) {
          const c = this.kid(u, v);
          r = this.apply(PLUS, r, rec(c));
        }
      } else {
        const kids = this.scratch[l]!;
        for (let v = 0; v < n; v++) {
          const c = this.kid(u, v);
          kids[v] = rec(c);
        }
        r = this.node(l, kids);
      }
      memo.set(u, r);
      return r;
    };
    return rec(a);
  }

  /** The least terminal below `a` (min-sum stores), remembered until `release`. */
  min(a: number): number {
    if (this.level[a] === this.levels) return this.value[a] as number;
    const hit = this.minMemo.get(a);
    if (hit !== undefined) return hit;
    const l = this.level[a]!;
    let b = Infinity;
    for (let v = 0; v < this.size[l]!; v++) {
      const m = this.min(this.kid(a, v));
      if (m < b) b = m;
    }
    this.minMemo.set(a, b);
    return b;
  }

  /**
   * eliminate(apply(TIMES, a, b), out) without building the product (the relational product
   * of BDD packages), for idempotent ⊕ only (min-sum, boolean). With `outId` (see eliminate)
   * the result is remembered across calls until `release`.
   */
  timesEliminate(a: number, b: number, out: Uint8Array, outId: number): number {
    const top = `${a},${b},${outId}`;
    const hit = this.fusedMemo.get(top);
    if (hit !== undefined) return hit;
    const memo = new Map<number, number>();
    const { ZERO, ONE } = this;
    const rec = (a: number, b: number): number => {
      if (a === ZERO || b === ZERO) return ZERO;
      if (b === ONE) return this.eliminate(a, out, outId);
      if (a === ONE) return this.eliminate(b, out, outId);
      if (a > b) [a, b] = [b, a];
      const la = this.level[a]!;
      const lb = this.level[b]!;
      if (la === this.levels && lb === this.levels) return this.apply(TIMES, a, b);
      const key = a * 4194304 + b;
      const got = memo.get(key);
      if (got !== undefined) return got;
      const l = la < lb ? la : lb;
      const n = this.size[l]!;
      let r: number;
      if (out[l]) {
        r = ZERO;
        for (let v = 0; v < n; v++) r = this.apply(PLUS, r, rec(la === l ? this.kid(a, v) : a, lb === l ? this.kid(b, v) : b));
      } else {
        const kids = this.scratch[l]!;
        for (let v = 0; v < n; v++) kids[v] = rec(la === l ? this.kid(a, v) : a, lb === l ? this.kid(b, v) : b);
        r = this.node(l, kids);
      }
      memo.set(key, r);
      return r;
    };
    const r = rec(a, b);
    this.fusedMemo.set(top, r);
    return r;
  }

  /**
   * The cheapest path of `a` that takes the values fixed in `fix` (per level, -1 open): its
   * terminal's value, and per open level it passes, the value taken (into `path`, per level;
   * levels it skips keep their entry). Infinity when every such path is. `deepestFixed`: the
   * deepest level fixed (-1: none).
   */
  cheapestWith(a: number, fix: Int32Array, path: Int32Array, deepestFixed: number): number {
    const memo = new Map<number, number>();
    const best = (u: number): number => {
      if (this.level[u] === this.levels) return this.value[u] as number;
      // Below the deepest fixed level the least terminal is the remembered one.
      if (this.level[u]! > deepestFixed) return this.min(u);
      const hit = memo.get(u);
      if (hit !== undefined) return hit;
      const l = this.level[u]!;
      let b: number;
      if (fix[l]! >= 0) b = best(this.kid(u, fix[l]!));
      else {
        b = Infinity;
        for (let v = 0; v < this.size[l]!; v++) {
          const m = best(this.kid(u, v));
          if (m < b) b = m;
        }
      }
      memo.set(u, b);
      return b;
    };
    const total = best(a);
    if (total === Infinity) return total;
    for (let u = a; this.level[u] !== this.levels;) {
      const l = this.level[u]!;
      let bv = fix[l]!;
      if (bv < 0) {
        let b = Infinity;
        for (let v = 0; v < this.size[l]!; v++) {
          const m = best(this.kid(u, v));
          if (m < b) [b, bv] = [m, v];
        }
      }
      path[l] = bv;
      u = this.kid(u, bv);
    }
    return total;
  }

  /** `a` with the levels where `fix[level] ≥ 0` fixed to that value. */
  restrict(a: number, fix: Int32Array): number {
    const memo = new Map<number, number>();
    const rec = (u: number): number => {
      const l = this.level[u]!;
      if (l === this.levels) return u;
      const hit = memo.get(u);
      if (hit !== undefined) return hit;
      let r: number;
      if (fix[l]! >= 0) r = rec(this.kid(u, fix[l]!));
      else {
        const n = this.size[l]!;
        const kids = this.scratch[l]!;
        for (let v = 0; v < n; v++) kids[v] = rec(this.kid(u, v));
        r = this.node(l, kids);
      }
      memo.set(u, r);
      return r;
    };
    return rec(a);
  }

  /** The number of nodes reachable from `a` (terminals included). */
  reach(a: number): number {
    const seen = new Set<number>();
    const stack = [a];
    while (stack.length) {
      const u = stack.pop()!;
      if (seen.has(u)) continue;
      seen.add(u);
      if (this.level[u] !== this.levels) for (let v = 0; v < this.size[this.level[u]!]!; v++) stack.push(this.kid(u, v));
    }
    return seen.size;
  }

  /** Copy the diagram `a` of another store into this one, its terminals mapped by `map`. */
  copy<S>(from: DiagramStore<S>, a: number, map: (v: S) => T, memo = new Map<number, number>()): number {
    const rec = (u: number): number => {
      const hit = memo.get(u);
      if (hit !== undefined) return hit;
      let r: number;
      if (from.isTerminal(u)) r = this.terminal(map(from.valueOf(u)));
      else {
        const l = from.levelOf(u);
        const n = this.size[l]!;
        const kids = new Int32Array(n);
        for (let v = 0; v < n; v++) kids[v] = rec(from.kid(u, v));
        r = this.node(l, kids);
      }
      memo.set(u, r);
      return r;
    };
    return rec(a);
  }

  private alloc(level: number, nKids: number): number {
    if (this.count >= this.limit) throw new DiagramLimitError(this.limit - this.limitFrom);
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
    // Oldest first, so that each chain keeps newest-first order (what `release` relies on).
    for (let u = 0; u < this.count; u++) {
      if (this.level[u] === this.levels) continue;
      const b = this.hash[u]! & mask;
      this.chain[u] = buckets[b]!;
      buckets[b] = u;
    }
    this.buckets = buckets;
  }

  private growCache(): void {
    this.cacheWrites = 0;
    const n = this.cacheA.length * 2;
    this.cacheA = new Int32Array(n).fill(-1);
    this.cacheB = new Int32Array(n);
    this.cacheR = new Int32Array(n);
  }
}

/** Thrown when a store passes its node limit. */
export class DiagramLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the rules need more than ${limit} decision diagram nodes`);
  }
}
