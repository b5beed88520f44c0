import type { Product } from '../schema/product.js';
import { compileMdd, type Mdd } from './compileMdd.js';
import { compileTree, type ClusterTree } from './compileTree.js';
import { compileDiagrams, diagramPossible, type DiagramTree } from './diagramTree.js';
import { chooseForm } from './engineComplexity.js';
import { ruleTables, type RuleTable } from './ruleTables.js';
import { buildSpace, type Space } from './space.js';
import { ruleDecomposition } from './treeDecomposition.js';
import { variableOrder } from './variableOrder.js';
import type { RuleRef } from './types.js';

/**
 * A product prepared for the engine: its variables, its rules as tables and one compiled
 * form of all valid configurations — a single ordered decision diagram (`form: 'mdd'`), a
 * tree of compiled clusters with enumerated interface tables (`form: 'tree'`), or, where
 * those tables would be too large, a tree of decision diagrams (`form: 'diagram'`). Plain, structured-cloneable data (typed
 * arrays, arrays, plain objects, Maps), so it can be compiled in a worker and adopted by
 * another thread with `adoptCompiled`.
 */
export interface CompiledProduct {
  product: Product;
  space: Space;
  /** Per variable, its domain size. */
  sizes: number[];
  tables: RuleTable[];
  /** Per variable, the tables whose scope holds it. */
  tablesOf: number[][];
  form: EngineForm;
  /** Why this form: the estimates (and any fallback) that decided it. */
  formReason: string;
  /** The decision diagram (form 'mdd'); in the tree form an empty diagram with no layers: read `form` first. */
  mdd: Mdd;
  /** The cluster tree (form 'tree'), else null. */
  tree: ClusterTree | null;
  /** The tree of decision diagrams (form 'diagram'), else null. */
  diagrams: DiagramTree | null;
  /** No configuration satisfies every rule. */
  empty: boolean;
  /** Per variable and value, whether some valid configuration takes it (static "impossible" = 0). */
  possible: Uint8Array[];
  /** Minimal explanations already computed, by question. */
  reasonCache: Map<string, RuleRef[]>;
  /** Questions whose reasons were searched (not found in reasonCache), for tests and logs. */
  reasonSearches: number;
  compileMs: number;
}

export type EngineForm = 'mdd' | 'tree' | 'diagram';

export interface CompileOptions {
  /** Force a form (tests, benchmarks); by default it is chosen by estimated size. */
  form?: EngineForm;
  /** Tree form: merge a cluster whose interface table would pass this many rows (tests; default MERGE_ROWS). */
  mergeRows?: number;
  /** Tree form: the rows a cluster may enumerate before the diagram form is used instead (tests; default MAX_TUPLES). */
  maxTreeRows?: number;
}

const cache = new WeakMap<Product, CompiledProduct>();

/**
 * Above this many combinations of the clusters' shared attributes (summed over clusters,
 * before the rules remove any) the tree form is not tried: its tables could only fit if the
 * rules removed all but one in 100,000 (its cap is 1.2e7 rows in all). Long-range 20 % has
 * 1.1e13, long-range 10 % 1.6e8 (75,054 rows once compiled), wide 300 1.3e7.
 */
const TREE_COMBINATIONS_LIMIT = 1e12;

/** Raw decision nodes the single MDD may reach before the tree form is used instead. */
const MDD_NODE_CAP = 400_000;

/**
 * Compile a product once; later calls with the same product object return the cached form,
 * so evaluate(product, …) stays cheap after the first call. A forced form different from the
 * cached one recompiles (and replaces the cache entry).
 */
export function compileProduct(product: Product, options: CompileOptions = {}): CompiledProduct {
  const hit = cache.get(product);
  if (hit && (!options.form || options.form === hit.form)) return hit;
  const t0 = performance.now();
  const space = buildSpace(product);
  const tables = ruleTables(product, space);
  const sizes = space.keys.map((k) => k.length);
  const tablesOf: number[][] = sizes.map(() => []);
  tables.forEach((t, ti) => new Set(t.scope).forEach((x) => tablesOf[x]!.push(ti)));
  const choice: { form: EngineForm; reason: string; order: number[] | null } = options.form
    ? { form: options.form, reason: `${options.form} form forced`, order: null }
    : chooseForm(sizes, tables);
  let form: EngineForm = choice.form;
  let reason = choice.reason;
  let mdd: Mdd | null = null;
  if (form === 'mdd') {
    try {
      mdd = compileMdd(
        sizes,
        tables,
        choice.order ?? variableOrder(sizes.length, tables),
        options.form ? undefined : MDD_NODE_CAP,
      );
    } catch (err) {
      if (options.form) throw err;
      form = 'tree';
      reason += `; but the MDD passed ${MDD_NODE_CAP} decision nodes, so tree`;
    }
  }
  let tree: ClusterTree | null = null;
  let diagrams: DiagramTree | null = null;
  const td = form === 'mdd' ? null : ruleDecomposition(sizes, tables);
  if (form === 'tree' && !options.form && td!.cost > TREE_COMBINATIONS_LIMIT) {
    form = 'diagram';
    reason += `; the clusters' shared attributes have up to ${td!.cost.toExponential(1)} combinations (over ${TREE_COMBINATIONS_LIMIT.toExponential(0)}), too many to enumerate, so diagram (a tree of decision diagrams)`;
  }
  if (!mdd && form === 'tree') {
    try {
      tree = compileTree(sizes, tables, td!, options.mergeRows, options.maxTreeRows);
      const tuples = tree.nTuples.reduce((s, n) => s + n, 0);
      reason += ` (${tree.vars.length} clusters of up to ${tree.width + 1} attributes, ${tuples} tuples)`;
    } catch (err) {
      if (options.form) throw err;
      form = 'diagram';
      reason += `; but ${err instanceof Error ? err.message : String(err)}, so diagram (a tree of decision diagrams)`;
    }
  }
  if (form === 'diagram') {
    diagrams = compileDiagrams(sizes, tables, td!);
    const width = diagrams.vars.reduce((w, v) => Math.max(w, v.length), 0);
    reason += ` (${diagrams.vars.length} clusters of up to ${width} attributes, ${diagrams.nodes.count} diagram nodes)`;
  }
  if (mdd) reason += ` (${mdd.layerStart.at(-1)} nodes)`;
  const compiled: CompiledProduct = {
    product,
    space,
    sizes,
    tables,
    tablesOf,
    form,
    formReason: reason,
    mdd: mdd ?? placeholderMdd(sizes.length),
    tree,
    diagrams,
    empty: mdd ? mdd.empty : tree ? tree.empty : diagrams!.empty,
    possible: mdd ? mddPossible(mdd, sizes) : tree ? treePossible(tree, sizes) : diagramPossible(diagrams!),
    reasonCache: new Map(),
    reasonSearches: 0,
    compileMs: performance.now() - t0,
  };
  cache.set(product, compiled);
  return compiled;
}

/**
 * Put a compiled form made elsewhere (e.g. in a worker thread, received as a structured
 * clone) into the cache for `product`, so that later evaluate(product, …) calls use it.
 * The clone must come from compileProduct on an equal product.
 */
export function adoptCompiled(product: Product, compiled: CompiledProduct): CompiledProduct {
  const adopted: CompiledProduct = { ...compiled, product, space: { ...compiled.space, attrs: product.attributes } };
  cache.set(product, adopted);
  return adopted;
}

function mddPossible(mdd: Mdd, sizes: number[]): Uint8Array[] {
  const possible = sizes.map((s) => new Uint8Array(s));
  for (let i = 0; i < sizes.length; i++) {
    const x = mdd.order[i]!;
    for (let e = mdd.edgeStart[mdd.layerStart[i]!]!; e < mdd.edgeStart[mdd.layerStart[i + 1]!]!; e++)
      possible[x]![mdd.edgeVal[e]!] = 1;
  }
  return possible;
}

function treePossible(tree: ClusterTree, sizes: number[]): Uint8Array[] {
  const possible = sizes.map((s) => new Uint8Array(s));
  if (tree.empty) return possible;
  tree.vars.forEach((vars, k) => {
    const w = vars.length;
    const rows = tree.rows[k]!;
    for (const c of tree.homeCols[k]!) for (let t = 0; t < tree.nTuples[k]!; t++) possible[vars[c]!]![rows[t * w + c]!] = 1;
    // Private values: edges below the nodes the remaining rows lead to.
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const live = new Uint8Array(m.layerStart[cv.length + 1]!);
    for (const u of tree.node[k]!) live[u] = 1;
    for (let i = tree.split[k]!; i < cv.length; i++)
      for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++) {
        if (!live[u]) continue;
        for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) {
          possible[cv[i]!]![m.edgeVal[e]!] = 1;
          live[m.edgeTo[e]!] = 1;
        }
      }
  });
  return possible;
}

function placeholderMdd(n: number): Mdd {
  return {
    order: Int32Array.from({ length: n }, (_, i) => i),
    layerOf: Int32Array.from({ length: n }, (_, i) => i),
    layerStart: new Int32Array(n + 2),
    edgeStart: new Int32Array(1),
    edgeVal: new Int32Array(0),
    edgeTo: new Int32Array(0),
    empty: true,
  };
}

/** Bytes held by the typed arrays of the compiled MDD (the bulk of the compiled form). */
export function mddBytes(m: Mdd): number {
  return [m.order, m.layerOf, m.layerStart, m.edgeStart, m.edgeVal, m.edgeTo].reduce((s, a) => s + a.byteLength, 0);
}

/** Bytes held by the typed arrays of the cluster tree. */
export function treeBytes(t: ClusterTree): number {
  return [t.vars, t.cvars, t.rows, t.node, t.upSep, t.downSep, t.children, t.homeCols]
    .flat()
    .concat(t.sub.flatMap((m) => [m.order, m.layerOf, m.layerStart, m.edgeStart, m.edgeVal, m.edgeTo]))
    .reduce((s, a) => s + a.byteLength, t.nTuples.byteLength + t.parent.byteLength + t.nSep.byteLength + t.home.byteLength * 2);
}
