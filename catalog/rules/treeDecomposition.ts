/**
 * A tree decomposition of a rule graph (variables linked when some rule mentions both), by
 * min-fill elimination: repeatedly eliminate the variable whose neighbours need the fewest
 * new links to become a clique (ties: fewest neighbours), link them, and record the variable
 * with its neighbours as a cluster. Every rule's scope is a clique of the graph, so some
 * cluster holds it; clusters containing another are merged away. The result is a rooted tree
 * (several components hang under the first root with an empty separator), parents before
 * children, with the running-intersection property: the clusters holding a variable form a
 * connected subtree.
 */
export interface TreeDecomposition {
  /** Per cluster, its variables (ascending). */
  clusters: number[][];
  /** Per cluster, its parent (-1 for the root, cluster 0); parent index < cluster index. */
  parent: number[];
  /** Size of the largest cluster minus one. */
  width: number;
}

/**
 * How the next variable to eliminate is picked: by `score(v)` when given (lowest first;
 * `fill` is how many links eliminating v would add, `adj` the current graph), else min-fill
 * with fewest neighbours breaking ties.
 */
export type EliminationScore = (v: number, fill: number, adj: Set<number>[]) => number;

export function treeDecomposition(nVars: number, scopes: number[][], score?: EliminationScore): TreeDecomposition {
  const adj: Set<number>[] = Array.from({ length: nVars }, () => new Set());
  for (const s of scopes) for (const x of s) for (const y of s) if (x !== y) adj[x]!.add(y);
  const fill = new Int32Array(nVars);
  const fillOf = (v: number) => {
    const ns = [...adj[v]!];
    let f = 0;
    for (let i = 0; i < ns.length; i++) for (let j = i + 1; j < ns.length; j++) if (!adj[ns[i]!]!.has(ns[j]!)) f++;
    return f;
  };
  for (let v = 0; v < nVars; v++) fill[v] = fillOf(v);
  const eliminated = new Uint8Array(nVars);
  const pos = new Int32Array(nVars);
  const raw: number[][] = new Array(nVars);
  const owner: number[] = [];
  for (let step = 0; step < nVars; step++) {
    let v = -1;
    let best = Infinity;
    for (let u = 0; u < nVars; u++) {
      if (eliminated[u]) continue;
      if (score) {
        const su = score(u, fill[u]!, adj);
        if (su < best) [v, best] = [u, su];
        continue;
      }
      if (v < 0 || fill[u]! < fill[v]! || (fill[u] === fill[v] && adj[u]!.size < adj[v]!.size)) v = u;
    }
    const ns = [...adj[v]!];
    raw[v] = [v, ...ns];
    owner.push(v);
    eliminated[v] = 1;
    pos[v] = step;
    const dirty = new Set<number>(ns);
    for (let i = 0; i < ns.length; i++) {
      const a = ns[i]!;
      adj[a]!.delete(v);
      for (let j = i + 1; j < ns.length; j++) {
        const b = ns[j]!;
        if (!adj[a]!.has(b)) {
          adj[a]!.add(b);
          adj[b]!.add(a);
        }
      }
    }
    for (const a of ns) for (const b of adj[a]!) dirty.add(b);
    for (const u of dirty) if (!eliminated[u]) fill[u] = fillOf(u);
  }
  // Parent of v's cluster: the cluster of the first-eliminated of its neighbours.
  const parentOf = new Int32Array(nVars).fill(-1);
  for (const v of owner) {
    let p = -1;
    for (const y of raw[v]!) if (y !== v && (p < 0 || pos[y]! < pos[p]!)) p = y;
    parentOf[v] = p;
  }
  // Merge a cluster into a child that contains it (C_v ⊆ C_u means C_v = C_u \ {u}).
  const rep = Int32Array.from({ length: nVars }, (_, v) => v);
  const find = (v: number): number => (rep[v] === v ? v : (rep[v] = find(rep[v]!)));
  const children: number[][] = Array.from({ length: nVars }, () => []);
  for (const v of owner) if (parentOf[v]! >= 0) children[parentOf[v]!]!.push(v);
  for (const v of owner) {
    const big = children[v]!.find((u) => raw[u]!.length === raw[v]!.length + 1);
    if (big !== undefined) rep[v] = big;
  }
  // Surviving clusters and their parents; then order them root first (breadth first).
  const survivors = owner.filter((v) => find(v) === v);
  const up = new Map<number, number>();
  const below = new Map<number, number[]>(survivors.map((v) => [v, []]));
  const roots: number[] = [];
  for (const v of survivors) {
    // A merged cluster hangs where the highest owner merged into it hung.
    let p = parentOf[v]!;
    while (p >= 0 && find(p) === v) p = parentOf[p]!;
    if (p < 0) roots.push(v);
    else {
      up.set(v, find(p));
      below.get(find(p))!.push(v);
    }
  }
  const index = new Map<number, number>();
  const clusters: number[][] = [];
  const parent: number[] = [];
  const queue = roots.length ? [roots[0]!] : [];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    index.set(v, clusters.length);
    clusters.push([...raw[v]!].sort((a, b) => a - b));
    parent.push(q === 0 ? -1 : up.has(v) ? index.get(up.get(v)!)! : 0);
    queue.push(...below.get(v)!);
    if (q === 0) queue.push(...roots.slice(1));
  }
  const width = clusters.reduce((w, c) => Math.max(w, c.length - 1), 0);
  return { clusters, parent, width };
}

/**
 * The tree form enumerates, per cluster, the combinations of its shared attributes, so a
 * decomposition is judged by the sum over clusters of the product of their shared
 * attributes' domain sizes (an upper bound on the rows, before the rules cut them), not by
 * its width alone. Tries plain min-fill, min-degree, domain-weighted min-fill and min-fill
 * with seeded random tie-breaks, and keeps the cheapest (deterministic: same rules, same tree).
 * Plain min-fill is kept without a search when its bound is already at most `enough` rows per
 * cluster (the search costs seconds on thousands of attributes: 2.3 s on ten times Renault).
 */
export function smallInterfaceDecomposition(
  sizes: number[],
  scopes: number[][],
  tries = 8,
  enough = 20_000,
): TreeDecomposition & { cost: number } {
  const plain = treeDecomposition(sizes.length, scopes);
  const plainCost = interfaceCost(plain, sizes);
  if (plainCost <= enough * plain.clusters.length) return { ...plain, cost: plainCost };
  const lg = sizes.map((s) => Math.log2(Math.max(2, s)));
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((seed ^ (seed >>> 13)) >>> 0) / 2 ** 32;
  };
  const scores: EliminationScore[] = [
    (v, fill, adj) => adj[v]!.size + fill * 1e-4,
    (v, _fill, adj) => {
      const ns = [...adj[v]!];
      let w = 0;
      for (let i = 0; i < ns.length; i++)
        for (let j = i + 1; j < ns.length; j++) if (!adj[ns[i]!]!.has(ns[j]!)) w += 2 ** (lg[ns[i]!]! + lg[ns[j]!]!);
      return w + random() * 1e-3;
    },
  ];
  while (scores.length < tries) scores.push((v, fill, adj) => fill + adj[v]!.size * 1e-3 + random() * 0.5);
  let best: TreeDecomposition & { cost: number } = { ...plain, cost: plainCost };
  for (const score of scores) {
    const td = treeDecomposition(sizes.length, scopes, score);
    const cost = interfaceCost(td, sizes);
    if (cost < best.cost) best = { ...td, cost };
  }
  return best;
}

/**
 * The decomposition the tree form compiles for a product's rule tables (`compileProduct`), and
 * the one `engineComplexity` reports: one function, so the width and clusters named in lint and
 * in a too-complex error are those of the tree actually compiled (before compileTree merges
 * clusters whose interface tables turn out large, which only compiling can tell).
 */
export function ruleDecomposition(sizes: number[], tables: { scope: number[] }[]): TreeDecomposition & { cost: number } {
  const scopes = tables.map((t) => [...new Set(t.scope)]);
  // The compile worker asks for it twice per product (engineComplexity, then compileProduct),
  // and the search can take most of a second: the last answer is kept, keyed by its input.
  const key = `${sizes.join(',')}|${scopes.map((s) => s.join(',')).join(';')}`;
  if (lastDecomposition?.key !== key) lastDecomposition = { key, td: smallInterfaceDecomposition(sizes, scopes) };
  return lastDecomposition.td;
}

let lastDecomposition: { key: string; td: TreeDecomposition & { cost: number } } | null = null;

/** Sum over clusters of the product of the domain sizes of their shared attributes. */
export function interfaceCost(td: TreeDecomposition, sizes: number[]): number {
  const holders = new Int32Array(sizes.length);
  for (const c of td.clusters) for (const x of c) holders[x] = holders[x]! + 1;
  let cost = 0;
  for (const c of td.clusters) cost += c.reduce((p, x) => (holders[x]! > 1 ? p * sizes[x]! : p), 1);
  return cost;
}
