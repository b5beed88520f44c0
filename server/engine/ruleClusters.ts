import type { Condition, Product } from '../../catalog/index.js';
import * as compileModule from '../../catalog/rules/compileProduct.js';

/** How hard a product's rules are to compile: the shape of a tree decomposition of its rule graph. */
export interface EngineComplexity {
  /** Largest cluster size − 1 (the treewidth of the decomposition found). */
  width: number;
  clusters: number;
  /** The attribute ids of the largest cluster. */
  largestCluster: string[];
}

type ComplexityFn = (product: Product) => EngineComplexity;

/**
 * The engine's own measure when catalog/rules has one (`engineComplexity`, from the tree-
 * decomposed compiler), else the min-degree decomposition below. Looked up by name so this
 * module builds against either version of the engine.
 */
export function engineComplexity(product: Product): EngineComplexity {
  const name = 'engineComplexity';
  const own = (compileModule as Record<string, unknown>)[name];
  return typeof own === 'function' ? (own as ComplexityFn)(product) : minDegreeClusters(product);
}

function conditionAttrs(c: Condition, out: Set<string>): void {
  if ('all' in c) c.all.forEach((x) => conditionAttrs(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionAttrs(x, out));
  else if ('not' in c) conditionAttrs(c.not, out);
  else out.add(c.attr);
}

/** The attributes a constraint rule links (price rules link none: they never restrict). */
export function ruleAttrs(rule: Product['rules'][number]): Set<string> {
  const out = new Set<string>();
  switch (rule.kind) {
    case 'price':
      return out;
    case 'table':
      rule.attrs.forEach((a) => out.add(a));
      return out;
    case 'restrict':
      out.add(rule.attr);
      if (rule.if) conditionAttrs(rule.if, out);
      return out;
    default:
      conditionAttrs(rule.if, out);
      conditionAttrs(rule.then, out);
      return out;
  }
}

/**
 * A tree decomposition of the rule graph (attributes linked when a rule names both) by
 * min-degree elimination: eliminating an attribute makes its cluster (it and its neighbours)
 * and links the neighbours. A cluster that is its predecessor's minus the eliminated
 * attribute is not counted (it is contained in that one).
 */
export function minDegreeClusters(product: Product): EngineComplexity {
  const ids = product.attributes.map((a) => a.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const adj = ids.map(() => new Set<number>());
  for (const r of product.rules) {
    const xs = [...ruleAttrs(r)].map((a) => index.get(a)).filter((x): x is number => x !== undefined);
    for (const a of xs) for (const b of xs) if (a !== b) adj[a]!.add(b);
  }
  const alive = new Uint8Array(ids.length).fill(1);
  const step = new Int32Array(ids.length);
  const bags: number[][] = [];
  let largest: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    let v = -1;
    for (let x = 0; x < ids.length; x++) if (alive[x] && (v < 0 || adj[x]!.size < adj[v]!.size)) v = x;
    const nb = [...adj[v]!];
    bags[v] = nb;
    step[v] = k;
    if (nb.length + 1 > largest.length) largest = [v, ...nb];
    for (const a of nb) {
      adj[a]!.delete(v);
      for (const b of nb) if (a !== b) adj[a]!.add(b);
    }
    alive[v] = 0;
    adj[v]!.clear();
  }
  // A cluster's parent is its neighbour eliminated first; when the parent's cluster is exactly
  // this one's rest, the parent adds nothing (it is contained in this one).
  const contained = new Uint8Array(ids.length);
  for (let v = 0; v < ids.length; v++) {
    const nb = bags[v]!;
    if (!nb.length) continue;
    const u = nb.reduce((a, b) => (step[b]! < step[a]! ? b : a));
    if (bags[u]!.length + 1 === nb.length) contained[u] = 1;
  }
  return {
    width: Math.max(0, largest.length - 1),
    clusters: ids.length - contained.reduce((a, b) => a + b, 0),
    largestCluster: largest.sort((a, b) => a - b).map((x) => ids[x]!),
  };
}
