import { DiagramLimitError, DiagramStore, MIN_PLUS, TIMES, type DiagramNodes } from './diagramStore.js';
import { EvStore } from './evStore.js';
import type { RuleTable } from './ruleTables.js';
import type { TreeDecomposition } from './treeDecomposition.js';
import { variableOrder } from './variableOrder.js';

/**
 * The engine's third compiled form, for products whose clusters are too large to enumerate
 * (the tree form's tables would need 1e7–1e11 rows): a tree of decision diagrams
 * (tree-of-BDDs, Subbarayan et al. 2005). Every cluster of the tree decomposition is a
 * multi-terminal decision diagram over one global variable order (of two candidates, the one
 * giving fewer nodes: see compileDiagrams). At compile time each cluster holds the conjunction of its rules, and two passes of
 * boolean message passing (diagrams as messages, projected by elimination) make every
 * cluster's diagram exactly the projection of the valid configurations on its variables:
 * globally consistent, so backtrack-free.
 *
 * Questions are answered by the same two passes in another semiring, with the diagrams of
 * one call made in an arena and dropped at the next: min-sum (`diagramPasses`: option costs
 * of a click, cheapest completions, min-marginals). Counting (`diagramCount`) is the upward
 * pass with BigInt-weighted edge-valued diagrams as messages (`evStore.ts`): as
 * multi-terminal diagrams, the counts over a core separator have millions of distinct values.
 *
 * Plain data (typed arrays), so it can be compiled in a worker and cloned to another thread.
 */
export interface DiagramTree {
  /** Variable → its level in the global order, and back; per level, its variable's domain size. */
  levelOf: Int32Array;
  varAt: Int32Array;
  sizes: Int32Array;
  /** The consistent cluster diagrams' nodes (min-sum terminals: 0 allowed, Infinity not). */
  nodes: DiagramNodes<number>;
  /** Per cluster, its variables; its parent (-1 for the root, cluster 0; parents before children); its children. */
  vars: Int32Array[];
  parent: Int32Array;
  children: Int32Array[];
  /** Variable → the topmost cluster holding it (where its cost is added). */
  home: Int32Array;
  /** Per cluster, its home variables. */
  homeVars: Int32Array[];
  /** Per cluster, the root node of its consistent diagram. */
  belief: Int32Array;
  empty: boolean;
}

/** Decision nodes the compilation may make before giving up (a product this hard gets a clear error). */
export const DIAGRAM_NODE_LIMIT = 4_000_000;

export function compileDiagrams(
  sizes: number[],
  tables: RuleTable[],
  td: TreeDecomposition,
  limit = DIAGRAM_NODE_LIMIT,
): DiagramTree {
  const n = sizes.length;
  const K = td.clusters.length;
  const children: number[][] = td.clusters.map(() => []);
  td.parent.forEach((p, k) => p >= 0 && children[p]!.push(k));
  // A variable's home: the first cluster holding it, depth-first from the root (the topmost).
  const home = new Int32Array(n).fill(-1);
  const dfs: number[] = [];
  const visit = (k: number) => {
    for (const x of td.clusters[k]!)
      if (home[x]! < 0) {
        home[x] = k;
        dfs.push(x);
      }
    children[k]!.forEach(visit);
  };
  for (let k = 0; k < K; k++) if (td.parent[k]! < 0) visit(k);
  for (let x = 0; x < n; x++) if (home[x]! < 0) throw new Error(`variable ${x} is in no cluster of the decomposition`);
  // Two global orders, the smaller result kept: the single MDD's (variableOrder: few rules
  // open at once) and the clusters' depth-first one (each separator above the rest of its
  // cluster). On long-range 20 % the first gives 4,926 nodes against 6,138 and clicks twice as fast.
  let best: DiagramTree | null = null;
  let failure: unknown = null;
  for (const order of [variableOrder(n, tables), dfs]) {
    try {
      const dt = compileWithOrder(sizes, tables, td, children, home, order, limit);
      if (!best || dt.nodes.count < best.nodes.count) best = dt;
    } catch (e) {
      if (!(e instanceof DiagramLimitError)) throw e;
      failure = e;
    }
  }
  if (!best) throw failure;
  return best;
}

function compileWithOrder(
  sizes: number[],
  tables: RuleTable[],
  td: TreeDecomposition,
  children: number[][],
  home: Int32Array,
  order: number[],
  limit: number,
): DiagramTree {
  const n = sizes.length;
  const K = td.clusters.length;
  const levelOf = new Int32Array(n);
  const varAt = Int32Array.from(order);
  order.forEach((x, l) => (levelOf[x] = l));
  const size = Array.from(varAt, (x) => sizes[x]!);
  const store = new DiagramStore<number>(size, MIN_PLUS);
  store.limit = limit;
  // Each table goes to a cluster holding its scope (the first, depth-first: its scope's home).
  const inCluster = td.clusters.map((c) => new Set(c));
  const factor = new Int32Array(K).fill(store.ONE);
  for (const t of tables) {
    const scope = [...new Set(t.scope)];
    let k = -1;
    for (let c = 0; c < K && k < 0; c++) if (scope.every((x) => inCluster[c]!.has(x))) k = c;
    if (k < 0) throw new Error(`rule table ${t.rule} fits no cluster of the decomposition`);
    factor[k] = store.apply(TIMES, factor[k]!, tableDiagram(store, t, levelOf));
  }
  const vars = td.clusters.map((c) => Int32Array.from(c));
  const parent = Int32Array.from(td.parent);
  const kids = children.map((c) => Int32Array.from(c));
  const homeVars = vars.map((v, k) => v.filter((x) => home[x] === k));
  const shape = { vars, parent, children: kids, levels: n, levelOf };
  const belief = minPasses(store, shape, factor).belief;
  const empty = belief[0] === store.ZERO;
  // Keep only what the beliefs reach.
  const kept = new DiagramStore<number>(size, MIN_PLUS);
  const memo = new Map<number, number>();
  const keptBelief = Int32Array.from(belief, (b) => kept.copy(store, b, (v) => v, memo));
  return {
    levelOf,
    varAt,
    sizes: Int32Array.from(size),
    nodes: kept.nodes(),
    vars,
    parent,
    children: kids,
    home,
    homeVars,
    belief: keptBelief,
    empty,
  };
}

interface Shape {
  vars: Int32Array[];
  parent: Int32Array;
  children: Int32Array[];
  levels: number;
  levelOf: Int32Array;
}

/** Per cluster, the levels it sums out towards its parent (its variables not shared with the parent). */
function outLevels(shape: Shape): Uint8Array[] {
  return shape.vars.map((vs, k) => {
    const out = new Uint8Array(shape.levels);
    const p = shape.parent[k]!;
    const shared = p >= 0 ? new Set(shape.vars[p]) : new Set<number>();
    for (const x of vs) if (!shared.has(x)) out[shape.levelOf[x]!] = 1;
    return out;
  });
}

/** Per cluster and child j, the levels the parent sums out towards child j (its variables not in the child). */
function downLevels(shape: Shape): Uint8Array[][] {
  return shape.vars.map((vs, k) =>
    Array.from(shape.children[k]!, (c) => {
      const out = new Uint8Array(shape.levels);
      const inChild = new Set(shape.vars[c]);
      for (const x of vs) if (!inChild.has(x)) out[shape.levelOf[x]!] = 1;
      return out;
    }),
  );
}

const outCache = new WeakMap<Shape, { up: Uint8Array[]; down: Uint8Array[][] }>();

/**
 * Min-sum collect and distribute over the tree: up[k] = min over k's own variables of
 * (local[k] + children's up); belief[k] = local[k] + down[k] + children's up, where down[c] =
 * min over the parent's variables outside c of (local[p] + down[p] + the other children's up).
 * With `distribute` false only the upward pass runs and `belief` is each cluster's collected
 * diagram (local + children's up): enough to decode a cheapest configuration from the root.
 * Every message is kept shifted to least value 0 (the shift added to a scalar), so that a
 * message that only moved by a constant is the same node as before: with the store's caches
 * kept across calls, a cluster whose inputs did not change costs a few cache lookups. Each
 * belief is returned shifted too (`offset[k]` is what it lacks).
 */
function minPasses(store: DiagramStore<number>, shape: Shape, local: Int32Array, distribute = true): MinPasses {
  const outs = outsOf(shape);
  const K = shape.vars.length;
  const up = new Int32Array(K);
  const upOff = new Float64Array(K);
  const acc = new Int32Array(K);
  const accOff = new Float64Array(K);
  const shifted = (m: number): [number, number] => {
    const mu = store.min(m);
    if (mu === 0 || mu === Infinity) return [m, mu === Infinity ? 0 : mu];
    return [store.apply(TIMES, m, store.terminal(-mu)), mu];
  };
  for (let k = K - 1; k >= 0; k--) {
    let a = local[k]!;
    let off = 0;
    for (const c of shape.children[k]!) {
      a = store.apply(TIMES, a, up[c]!);
      off += upOff[c]!;
    }
    acc[k] = a;
    accOff[k] = off;
    const [m, mu] = shifted(store.eliminate(a, outs.up[k]!, k));
    up[k] = m;
    upOff[k] = off + mu;
  }
  // Upward only: each cluster's collected figures (all a decode from the root reads).
  if (!distribute) return { belief: acc, offset: accOff, total: store.min(acc[0]!) + accOff[0]!, up, upOff };
  const belief = new Int32Array(K);
  const offset = new Float64Array(K);
  const down = new Int32Array(K);
  const downOff = new Float64Array(K);
  down[0] = store.ONE;
  for (let k = 0; k < K; k++) {
    const cs = shape.children[k]!;
    belief[k] = store.apply(TIMES, acc[k]!, down[k]!);
    offset[k] = accOff[k]! + downOff[k]!;
    const base = store.apply(TIMES, local[k]!, down[k]!);
    // The other children's messages: prefix and suffix products, so each child costs two ⊗.
    const suffix = new Int32Array(cs.length + 1);
    suffix[cs.length] = store.ONE;
    for (let j = cs.length - 1; j >= 0; j--) suffix[j] = store.apply(TIMES, suffix[j + 1]!, up[cs[j]!]!);
    let prefix = base;
    for (let j = 0; j < cs.length; j++) {
      const c = cs[j]!;
      const [m, mu] = shifted(store.timesEliminate(prefix, suffix[j + 1]!, outs.down[k]![j]!, K + c));
      down[c] = m;
      downOff[c] = downOff[k]! + accOff[k]! - upOff[c]! + mu;
      prefix = store.apply(TIMES, prefix, up[c]!);
    }
  }
  return { belief, offset, total: store.min(belief[0]!) + offset[0]!, up, upOff, down, downOff };
}

interface MinPasses {
  /** Per cluster its belief (shifted to least 0) and what the shift took off. */
  belief: Int32Array;
  offset: Float64Array;
  total: number;
  /** The messages to each cluster's parent and (both passes) from it, shifted likewise. */
  up: Int32Array;
  upOff: Float64Array;
  down?: Int32Array;
  downOff?: Float64Array;
}

function outsOf(shape: Shape): { up: Uint8Array[]; down: Uint8Array[][] } {
  let outs = outCache.get(shape);
  if (!outs) outCache.set(shape, (outs = { up: outLevels(shape), down: downLevels(shape) }));
  return outs;
}

/**
 * A rule table as a diagram (ONE on the rows it allows, ZERO elsewhere), built level by level
 * from the rows that still match; values that only wildcard rows match share one child.
 */
function tableDiagram(store: DiagramStore<number>, t: RuleTable, levelOf: Int32Array): number {
  const w = t.scope.length;
  // Distinct variables of the scope by level, each with its positions in a row.
  const byVar = new Map<number, number[]>();
  t.scope.forEach((x, i) => byVar.set(x, [...(byVar.get(x) ?? []), i]));
  const xs = [...byVar.keys()].sort((a, b) => levelOf[a]! - levelOf[b]!);
  const rows = t.rows;
  const rec = (live: number[], i: number): number => {
    if (!live.length) return store.ZERO;
    if (i === xs.length) return store.ONE;
    const x = xs[i]!;
    const pos = byVar.get(x)!;
    const n = store.size[levelOf[x]!]!;
    // Rows whose cells for x are all wildcards match every value.
    const wild: number[] = [];
    const byValue = new Map<number, number[]>();
    for (const r of live) {
      let v = -1;
      let ok = true;
      for (const p of pos) {
        const c = rows[r * w + p]!;
        if (c < 0) continue;
        if (v >= 0 && c !== v) ok = false;
        v = c;
      }
      if (!ok) continue;
      if (v < 0) wild.push(r);
      else byValue.set(v, [...(byValue.get(v) ?? []), r]);
    }
    const wildKid = rec(wild, i + 1);
    const kids = new Int32Array(n).fill(wildKid);
    for (const [v, rs] of byValue) kids[v] = rec(wild.length ? mergeSorted(rs, wild) : rs, i + 1);
    return store.node(levelOf[x]!, kids);
  };
  return rec(
    Array.from({ length: t.nRows }, (_, r) => r),
    0,
  );
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** The min-sum store of a tree (its consistent diagrams, then the arena of the current call). */
interface MinWorkspace {
  store: DiagramStore<number>;
  /** The store's size with only the compiled diagrams in it. */
  base: number;
  /** Per cluster, the home values' least costs of the belief last seen (shifted to least 0). */
  marginals: ({ belief: number; values: Float64Array } | undefined)[];
  /**
   * Per cluster, its cheapest values by the values it is entered with (see `values`), for the
   * belief last seen: a belief that did not change since the last call keeps them.
   */
  decoded: ({ belief: number; byEntry: Map<string, Int32Array | null> } | undefined)[];
  /** The same for upward-only calls (their collected diagrams). */
  decodedUp: ({ belief: number; byEntry: Map<string, Int32Array | null> } | undefined)[];
  /** Calls made so far: a pass answers only while it is the latest (`current`). */
  calls: number;
}

/** Entries a cluster's decode memo keeps before it starts over. */
const DECODED_PER_CLUSTER = 4096;

/** Nodes the calls on one tree may leave in its store before they are all dropped. */
const ARENA_NODES = 600_000;

/** Nodes one call may make before it throws DiagramLimitError (`withCallBudget` changes it for a while). */
const CALL_NODES = 2_000_000;
let callNodes = CALL_NODES;

/** Run `fn` with another node budget per call (a quick exact try before a coarser one). */
export function withCallBudget<R>(nodes: number, fn: () => R): R {
  const before = callNodes;
  callNodes = nodes;
  try {
    return fn();
  } finally {
    callNodes = before;
  }
}

const minStores = new WeakMap<DiagramTree, MinWorkspace>();

/** Drop the diagrams of every earlier call on `dt` (done past ARENA_NODES; exported for tests). */
export function dropCalls(dt: DiagramTree): void {
  const ws = minStore(dt);
  ws.store.release(ws.base);
  ws.calls++;
  ws.marginals = [];
  ws.decoded = [];
  ws.decodedUp = [];
}

function minStore(dt: DiagramTree): MinWorkspace {
  let s = minStores.get(dt);
  if (!s) {
    const store = new DiagramStore<number>(dt.sizes, MIN_PLUS, dt.nodes);
    minStores.set(dt, (s = { store, base: store.mark(), marginals: [], decoded: [], decodedUp: [], calls: 0 }));
  }
  return s;
}

/**
 * One min-sum call: beliefs of every cluster for per-variable costs (cost[x][d], +Infinity
 * forbids), valid until the next call on the same tree (which may drop every earlier call's
 * diagrams).
 */
export interface DiagramPass {
  /** False once a later call on the same tree may have dropped this call's diagrams: ask again then. */
  current(): boolean;
  /** The cheapest configuration's cost (Infinity: none). */
  total: number;
  /** Per variable x, value d (at offset[x] + d): the cheapest configuration taking it (Infinity: none). */
  marginals(offset: Int32Array, into: Float64Array): void;
  /**
   * Per value of x (into[d]), the cheapest configuration taking it without counting x's own
   * cost (with hard costs: whether x = d extends the other variables' limits).
   */
  ownMarginals(x: number, into: Float64Array): void;
  /** A cheapest configuration (value index per variable); null when none is finite. */
  values(): Int32Array | null;
  /**
   * The values of the `wanted` variables (pairs: variable, value) in a cheapest configuration
   * taking x = d; null when none. Each side of the tree is decoded once per call and separator
   * values (remembered), so that the conflicts of one click share their decodes.
   */
  wantedValues(x: number, d: number, wanted: Uint8Array): Int32Array | null;
}

/**
 * Min-sum over the tree for per-variable costs. `upwardOnly`: the collect pass alone, which
 * answers `total` and `values()` (a cheapest configuration) but not marginals or decodes
 * through a given value; it costs about half, and on a click only the clusters between the
 * changed choices and the root redo it.
 */
export function diagramPasses(dt: DiagramTree, cost: ArrayLike<number>[], upwardOnly = false): DiagramPass {
  const ws = minStore(dt);
  const { store } = ws;
  // The diagrams of earlier calls are kept (a later call with equal inputs finds them in the
  // caches) until they pass a budget; then all of them go at once.
  if (store.count - ws.base > ARENA_NODES) dropCalls(dt);
  const call = ++ws.calls;
  // One call may not make more than this: real-valued costs can give every sum its own
  // terminal and the diagrams stop sharing (the next call starts over from the compiled ones).
  store.limitFrom = store.count;
  store.limit = store.count + callNodes;
  const K = dt.vars.length;
  const local = new Int32Array(K);
  /** Per variable, its cost as a diagram. */
  const own = new Int32Array(dt.varAt.length);
  for (let k = 0; k < K; k++) {
    let a = dt.belief[k]!;
    for (const x of dt.homeVars[k]!) {
      const c = cost[x]!;
      let flat = true;
      for (let d = 1; d < c.length; d++) if (c[d] !== c[0]) flat = false;
      own[x] = flat ? store.terminal(c[0]!) : store.unary(dt.levelOf[x]!, c);
      a = store.apply(TIMES, a, own[x]!);
    }
    local[k] = a;
  }
  const passes = minPasses(store, shapeOf(dt), local, !upwardOnly);
  const { belief, offset: beliefOffset, total } = passes;
  const decoded = upwardOnly ? ws.decodedUp : ws.decoded;
  const sideMemo = new Map<string, Int32Array | null>();
  /**
   * Cluster k's cheapest values given those in `values` on the separator it is entered by
   * (`key` names the entry and those values): a cluster's decodes depend only on its belief and
   * its entry, so they are kept while its belief is the same node, across calls.
   */
  const cheapestIn = (k: number, key: string, values: Int32Array): Int32Array | null => {
    let memo = decoded[k];
    if (!memo || memo.belief !== belief[k] || memo.byEntry.size >= DECODED_PER_CLUSTER)
      memo = decoded[k] = { belief: belief[k]!, byEntry: new Map() };
    let got = memo.byEntry.get(key);
    if (got === undefined) memo.byEntry.set(key, (got = decodeCluster(store, dt, k, belief[k]!, values)));
    return got;
  };
  let sides: ReturnType<typeof wantedSides> | undefined;
  return {
    current: () => ws.calls === call,
    total,
    marginals(offset, into) {
      if (upwardOnly) throw new Error('marginals need both passes');
      for (let k = 0; k < K; k++) {
        const homes = dt.homeVars[k]!;
        if (!homes.length) continue;
        let memo = ws.marginals[k];
        if (!memo || memo.belief !== belief[k]) {
          memo = ws.marginals[k] = { belief: belief[k]!, values: clusterMarginals(store, dt, homes, belief[k]!) };
        }
        const off = beliefOffset[k]!;
        let i = 0;
        for (const x of homes) {
          const o = offset[x]!;
          for (let v = 0; v < dt.sizes[dt.levelOf[x]!]!; v++, i++) {
            const m = memo.values[i]! + off;
            if (m < into[o + v]!) into[o + v] = m;
          }
        }
      }
    },
    ownMarginals(x, into) {
      if (upwardOnly) throw new Error('marginals need both passes');
      const k = dt.home[x]!;
      let b = dt.belief[k]!;
      for (const y of dt.homeVars[k]!) if (y !== x) b = store.apply(TIMES, b, own[y]!);
      b = store.apply(TIMES, b, passes.down![k]!);
      let off = passes.downOff![k]!;
      for (const c of dt.children[k]!) {
        b = store.apply(TIMES, b, passes.up[c]!);
        off += passes.upOff[c]!;
      }
      const m = clusterMarginals(store, dt, [x], b);
      for (let v = 0; v < m.length; v++) into[v] = m[v]! + off;
    },
    values() {
      if (total === Infinity) return null;
      const values = new Int32Array(dt.varAt.length).fill(-1);
      // From the root down: each cluster entered from its parent, with the separator's values.
      for (let k = 0; k < K; k++) {
        const f = dt.parent[k]!;
        let key = f < 0 ? '' : `<${f}`;
        if (f >= 0) for (const y of sepOf(dt, k)) key += `,${values[y]}`;
        const got = cheapestIn(k, key, values);
        if (!got) return null;
        const vs = dt.vars[k]!;
        for (let i = 0; i < vs.length; i++) values[vs[i]!] = got[i]!;
      }
      return values;
    },
    wantedValues(x, d, wanted) {
      if (total === Infinity || upwardOnly) return null;
      sides ??= wantedSides(dt, wanted);
      const values = new Int32Array(dt.varAt.length).fill(-1);
      values[x] = d;
      const decode = (k: number, f: number, key: string): number[] | null => {
        const got = cheapestIn(k, key, values);
        if (!got) return null;
        const vs = dt.vars[k]!;
        const pairs: number[] = [];
        for (let i = 0; i < vs.length; i++) {
          const y = vs[i]!;
          // Each wanted variable once: where it is decided (not given by the cluster entered from).
          if (wanted[y] && values[y]! < 0) pairs.push(y, got[i]!);
          values[y] = got[i]!;
        }
        if (f < 0 && wanted[x]) pairs.push(x, d);
        for (const c of sides!.around[k]!) {
          if (c === f || !sides!.needs(k, c)) continue;
          const more = side(c, k);
          if (!more) return null;
          for (let i = 0; i < more.length; i++) pairs.push(more[i]!);
        }
        return pairs;
      };
      const side = (k: number, f: number): Int32Array | null => {
        const sep = f === dt.parent[k] ? sepOf(dt, k) : sepOf(dt, f);
        let key = `<${f}`;
        for (const y of sep) key += `,${values[y]}`;
        const memoKey = `${k}${key}`;
        const hit = sideMemo.get(memoKey);
        if (hit !== undefined) return hit;
        const pairs = decode(k, f, key);
        const out = pairs ? Int32Array.from(pairs) : null;
        sideMemo.set(memoKey, out);
        return out;
      };
      const start = dt.home[x]!;
      const pairs = decode(start, -1, `${x}=${d}`);
      return pairs ? Int32Array.from(pairs) : null;
    },
  };
}

/**
 * For decodes that only want some variables: per cluster its neighbours, and whether the side
 * of neighbour c (away from k) holds a wanted variable that k does not.
 */
function wantedSides(dt: DiagramTree, wanted: Uint8Array): { around: Int32Array[]; needs(k: number, c: number): boolean } {
  const K = dt.vars.length;
  // below[k]: wanted variables homed in k's subtree (parents come before children).
  const below = new Int32Array(K);
  let total = 0;
  for (let x = 0; x < wanted.length; x++)
    if (wanted[x]) {
      below[dt.home[x]!]!++;
      total++;
    }
  for (let k = K - 1; k > 0; k--) if (dt.parent[k]! >= 0) below[dt.parent[k]!]! += below[k]!;
  const wantedInSep = Int32Array.from({ length: K }, (_, k) => sepOf(dt, k).filter((y) => wanted[y]).length);
  const around = dt.vars.map((_, k) => {
    const p = dt.parent[k]!;
    return Int32Array.from(p >= 0 ? [p, ...dt.children[k]!] : [...dt.children[k]!]);
  });
  return {
    around,
    needs: (k, c) => (c === dt.parent[k] ? total - below[k]! - wantedInSep[k]! > 0 : below[c]! > 0),
  };
}

/**
 * The cheapest values of cluster k's variables (in vars order) given those already in
 * `values` (-1: open), by its belief; null when none is finite.
 */
function decodeCluster(
  store: DiagramStore<number>,
  dt: DiagramTree,
  k: number,
  belief: number,
  values: Int32Array,
): Int32Array | null {
  const vs = dt.vars[k]!;
  const fix = fixBuffer(dt);
  const path = pathBuffer(dt);
  let deepestFixed = -1;
  for (const y of vs) {
    const l = dt.levelOf[y]!;
    fix[l] = values[y]!;
    if (values[y]! >= 0 && l > deepestFixed) deepestFixed = l;
    // A level the path skips does not change the cost: value 0 unless given.
    path[l] = Math.max(0, values[y]!);
  }
  const cost = store.cheapestWith(belief, fix, path, deepestFixed);
  const out = Int32Array.from(vs, (y) => path[dt.levelOf[y]!]!);
  for (const y of vs) fix[dt.levelOf[y]!] = -1;
  return cost === Infinity ? null : out;
}

const pathBuffers = new WeakMap<DiagramTree, Int32Array>();
function pathBuffer(dt: DiagramTree): Int32Array {
  let b = pathBuffers.get(dt);
  if (!b) pathBuffers.set(dt, (b = new Int32Array(dt.varAt.length)));
  return b;
}

const fixBuffers = new WeakMap<DiagramTree, Int32Array>();
function fixBuffer(dt: DiagramTree): Int32Array {
  let b = fixBuffers.get(dt);
  if (!b) fixBuffers.set(dt, (b = new Int32Array(dt.varAt.length).fill(-1)));
  return b;
}

const seps = new WeakMap<DiagramTree, Int32Array[]>();
/** Cluster k's variables shared with its parent. */
function sepOf(dt: DiagramTree, k: number): Int32Array {
  let s = seps.get(dt);
  if (!s) {
    s = dt.vars.map((vs, c) => {
      const p = dt.parent[c]!;
      if (p < 0) return new Int32Array(0);
      const inP = new Set(dt.vars[p]);
      return vs.filter((y) => inP.has(y));
    });
    seps.set(dt, s);
  }
  return s[k]!;
}

/**
 * Per home variable of cluster k (in homeVars order) and value, the least terminal of a path of
 * the diagram `root` through that value (Infinity: none), concatenated.
 */
function clusterMarginals(store: DiagramStore<number>, dt: DiagramTree, homes: Iterable<number>, root: number): Float64Array {
  const at = new Int32Array(dt.varAt.length).fill(-1);
  let n = 0;
  for (const x of homes) {
    at[dt.levelOf[x]!] = n;
    n += dt.sizes[dt.levelOf[x]!]!;
  }
  const out = new Float64Array(n).fill(Infinity);
  const homeLevels = Array.from(homes, (x) => dt.levelOf[x]!).sort((a, b) => a - b);
  // A path that skips a home level takes every value of it.
  const skip = (from: number, to: number, m: number) => {
    for (const l of homeLevels) {
      if (l <= from) continue;
      if (l >= to) break;
      const o = at[l]!;
      for (let v = 0; v < dt.sizes[l]!; v++) if (m < out[o + v]!) out[o + v] = m;
    }
  };
  skip(-1, store.levelOf(root), store.min(root));
  // Below the deepest home level there is nothing to read.
  const last = homeLevels.length ? homeLevels[homeLevels.length - 1]! : -1;
  const seen = new Set<number>([root]);
  const stack = [root];
  while (stack.length) {
    const u = stack.pop()!;
    if (store.isTerminal(u)) continue;
    const l = store.levelOf(u);
    if (l > last) continue;
    const o = at[l]!;
    for (let v = 0; v < store.size[l]!; v++) {
      const c = store.kid(u, v);
      const m = store.min(c);
      if (m === Infinity) continue;
      if (o >= 0 && m < out[o + v]!) out[o + v] = m;
      skip(l, store.levelOf(c), m);
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return out;
}

const shapes = new WeakMap<DiagramTree, Shape>();
function shapeOf(dt: DiagramTree): Shape {
  let s = shapes.get(dt);
  if (!s) {
    s = { vars: dt.vars, parent: dt.parent, children: dt.children, levels: dt.varAt.length, levelOf: dt.levelOf };
    shapes.set(dt, s);
  }
  return s;
}

/** Nodes one try of the count may make (each holds a BigInt per value: about 400 bytes). */
export const COUNT_NODE_LIMIT = 600_000;

/**
 * Recursive steps (cache misses of ⊗, ⊕ and sums) the count may take over all its tries: its
 * time budget (a step costs about 7 µs on long-range 20 %, whose count takes 161,037).
 */
export const COUNT_STEP_LIMIT = 1_000_000;

/**
 * The exact number of valid configurations keeping `chosen` (value index per variable, -1
 * free): sum-product over the tree, its messages multiplicative edge-valued diagrams with
 * BigInt factors (EvStore: a message that multiplies the counts of independent parts stays
 * a chain of their nodes). Throws DiagramLimitError past its budget (`limits`: nodes per
 * try, steps in all).
 *
 * The messages' sizes depend much on where the tree is hung from (on long-range 20 %, from
 * 146,013 steps to more than 600,000): the count is first tried from the largest cluster
 * (whose product, the biggest, is only summed, never made: see timesEliminate), with 3/5 of
 * the steps, then from the decomposition's own root with the rest.
 */
export function diagramCount(
  dt: DiagramTree,
  chosen: Int32Array,
  limits: { nodes: number; steps: number } = { nodes: COUNT_NODE_LIMIT, steps: COUNT_STEP_LIMIT },
): bigint {
  if (dt.empty) return 0n;
  let largest = 0;
  dt.vars.forEach((vs, k) => vs.length > dt.vars[largest]!.length && (largest = k));
  const first = Math.floor((limits.steps * 3) / 5);
  if (largest !== 0) {
    try {
      return countFrom(dt, chosen, largest, { nodes: limits.nodes, steps: first });
    } catch (e) {
      if (!(e instanceof DiagramLimitError)) throw e;
    }
  }
  return countFrom(dt, chosen, 0, { nodes: limits.nodes, steps: largest !== 0 ? limits.steps - first : limits.steps });
}

/** The count with the tree hung from cluster `root` (tests: every root gives the same). */
export function countFrom(
  dt: DiagramTree,
  chosen: Int32Array,
  root: number,
  limits: { nodes: number; steps: number },
  stats?: { steps: number; nodes: number },
): bigint {
  if (dt.empty) return 0n;
  const min = minStore(dt).store;
  const ev = new EvStore(dt.sizes);
  ev.limit = limits.nodes;
  ev.maxSteps = limits.steps;
  // The consistent beliefs as 0/1 indicators (their product is the set of valid configurations).
  const memo = new Map<number, [number, bigint]>();
  const copy = (u: number): [number, bigint] => {
    const hit = memo.get(u);
    if (hit) return hit;
    let r: [number, bigint];
    if (min.isTerminal(u)) r = [ev.ONE, min.valueOf(u) === Infinity ? 0n : 1n];
    else {
      const l = min.levelOf(u);
      const n = dt.sizes[l]!;
      const ks = new Int32Array(n);
      const ws = new Array<bigint>(n);
      for (let v = 0; v < n; v++) [ks[v], ws[v]] = copy(min.kid(u, v));
      r = [ev.node(l, ks, ws), ev.w];
    }
    memo.set(u, r);
    return r;
  };
  const K = dt.vars.length;
  const node = new Int32Array(K);
  const weight = new Array<bigint>(K);
  for (let k = 0; k < K; k++) {
    let [a, w] = copy(dt.belief[k]!);
    for (const x of dt.homeVars[k]!) {
      const c = chosen[x]!;
      if (c < 0) continue;
      const l = dt.levelOf[x]!;
      const ks = new Int32Array(dt.sizes[l]!);
      const ws = new Array<bigint>(ks.length).fill(0n);
      ws[c] = 1n;
      a = ev.times(a, ev.node(l, ks, ws));
      w *= ev.w;
    }
    node[k] = a;
    weight[k] = w;
  }
  // Collect towards `root`: up[k] = Σ over k's variables not in its parent of (local[k] ⊗ its children's up).
  const r = rerooted(dt, root);
  for (let i = K - 1; i >= 0; i--) {
    const k = r.order[i]!;
    const cs = r.children[k]!;
    // The largest message is multiplied in while summing (its product with the rest is never made).
    let largest = -1;
    let size = 0;
    for (const c of cs) {
      const n = ev.reach(node[c]!);
      if (n > size) [largest, size] = [c, n];
    }
    let a = node[k]!;
    let w = weight[k]!;
    for (const c of cs) {
      w *= weight[c]!;
      if (w === 0n) return 0n;
      if (c === largest) continue;
      a = ev.times(a, node[c]!);
      w *= ev.w;
    }
    const out = r.out[k]!;
    if (largest < 0) {
      node[k] = ev.eliminate(a, out);
      weight[k] = w * ev.w;
      continue;
    }
    // The variables summed out here that the largest message does not have are summed out of
    // the rest first (fewer pairs of nodes to sum over).
    const inLargest = new Uint8Array(out.length);
    for (const x of dt.vars[largest]!) inLargest[dt.levelOf[x]!] = 1;
    const first = out.map((o, l) => (o && !inLargest[l] ? 1 : 0));
    const then = out.map((o, l) => (o && inLargest[l] ? 1 : 0));
    a = ev.eliminate(a, first);
    w *= ev.w;
    node[k] = ev.timesEliminate(a, node[largest]!, then);
    weight[k] = w * ev.w;
  }
  const root_ = r.order[0]!;
  if (stats) [stats.steps, stats.nodes] = [ev.steps, ev.count];
  if (node[root_] !== ev.ONE) throw new Error('the count left variables unsummed');
  return weight[root_]!;
}

/**
 * The tree of `dt` hung from another cluster: clusters in breadth-first order from `root`,
 * each one's children, and the levels it sums out towards its parent (its variables not in it).
 */
function rerooted(dt: DiagramTree, root: number): { order: number[]; children: number[][]; out: Uint8Array[] } {
  const K = dt.vars.length;
  const around: number[][] = dt.vars.map(() => []);
  for (let k = 0; k < K; k++) {
    const p = dt.parent[k]!;
    if (p >= 0) {
      around[k]!.push(p);
      around[p]!.push(k);
    }
  }
  const parent = new Int32Array(K).fill(-2);
  const children: number[][] = dt.vars.map(() => []);
  const order: number[] = [];
  // Every tree of a forest hangs from the root chosen for its own (cluster 0's is `root`).
  for (const start of [root, ...Array.from({ length: K }, (_, k) => k)]) {
    if (parent[start] !== -2) continue;
    parent[start] = -1;
    if (start !== root) children[root]!.push(start);
    order.push(start);
    for (let i = order.length - 1; i < order.length; i++) {
      const k = order[i]!;
      for (const c of around[k]!)
        if (parent[c] === -2) {
          parent[c] = k;
          children[k]!.push(c);
          order.push(c);
        }
    }
  }
  const out = dt.vars.map((vs, k) => {
    const o = new Uint8Array(dt.varAt.length);
    const p = parent[k]!;
    const shared = new Set(p >= 0 ? dt.vars[p] : []);
    for (const x of vs) if (!shared.has(x)) o[dt.levelOf[x]!] = 1;
    return o;
  });
  return { order, children, out };
}

/** Per variable and value, whether some valid configuration takes it. */
export function diagramPossible(dt: DiagramTree): Uint8Array[] {
  const n = dt.varAt.length;
  const sizes = Array.from({ length: n }, (_, x) => dt.sizes[dt.levelOf[x]!]!);
  const possible = sizes.map((s) => new Uint8Array(s));
  if (dt.empty) return possible;
  const offset = new Int32Array(n + 1);
  for (let x = 0; x < n; x++) offset[x + 1] = offset[x]! + sizes[x]!;
  const zero = sizes.map((s) => new Float64Array(s));
  const pass = diagramPasses(dt, zero);
  const into = new Float64Array(offset[n]!).fill(Infinity);
  pass.marginals(offset, into);
  for (let x = 0; x < n; x++) for (let d = 0; d < sizes[x]!; d++) possible[x]![d] = into[offset[x]! + d]! < Infinity ? 1 : 0;
  return possible;
}
