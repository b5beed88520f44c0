import type { RuleTable } from './ruleTables.js';

/**
 * A reduced, layered multi-valued decision diagram of all valid configurations: layer i
 * decides variable order[i]; every path from the root (node 0) to the terminal is a valid
 * configuration and every node lies on such a path (no dead ends). Nodes of layer i are
 * [layerStart[i], layerStart[i+1]); the terminal is node layerStart[n]. When the product has
 * no valid configuration at all, `empty` is true and there are no nodes.
 */
export interface Mdd {
  order: Int32Array;
  /** Variable → its layer. */
  layerOf: Int32Array;
  layerStart: Int32Array;
  edgeStart: Int32Array;
  edgeVal: Int32Array;
  edgeTo: Int32Array;
  empty: boolean;
}

const MAX_NODES = 5_000_000;

/**
 * Top-down compilation: a node's state is, for each table with some but not all of its
 * variables decided, the set of its rows still matching (a bitset), or "entailed" once some
 * remaining row is all wildcards. Equal states share a node (the unique table). Then a
 * bottom-up pass removes dead ends and merges equivalent nodes. Throws past `maxNodes` raw nodes.
 */
export function compileMdd(domainSizes: number[], tables: RuleTable[], order: number[], maxNodes = MAX_NODES): Mdd {
  const n = order.length;
  const layerOf = new Int32Array(n);
  order.forEach((x, i) => (layerOf[x] = i));
  const words = tables.map((t) => Math.max(1, Math.ceil(t.nRows / 32)));
  // Scope positions sorted by layer; first/last layer of every table.
  const sorted = tables.map((t) => [...t.scope.keys()].sort((a, b) => layerOf[t.scope[a]!]! - layerOf[t.scope[b]!]!));
  const first = sorted.map((s, ti) => layerOf[tables[ti]!.scope[s[0]!]!]!);
  const last = sorted.map((s, ti) => layerOf[tables[ti]!.scope[s.at(-1)!]!]!);
  // masks[ti][k][d]: rows whose k-th (sorted) cell is d or *; entail[ti][k]: rows all * after cell k.
  const masks = tables.map((t, ti) =>
    sorted[ti]!.map((pos) => {
      const dom = domainSizes[t.scope[pos]!]!;
      return Array.from({ length: dom }, (_, d) => {
        const m = new Uint32Array(words[ti]!);
        for (let r = 0; r < t.nRows; r++) {
          const c = t.rows[r * t.scope.length + pos]!;
          if (c === -1 || c === d) m[r >>> 5]! |= 1 << (r & 31);
        }
        return m;
      });
    }),
  );
  const entail = tables.map((t, ti) =>
    sorted[ti]!.map((_, k) => {
      const m = new Uint32Array(words[ti]!);
      for (let r = 0; r < t.nRows; r++) {
        let all = true;
        for (let j = k + 1; j < sorted[ti]!.length; j++) if (t.rows[r * t.scope.length + sorted[ti]![j]!] !== -1) all = false;
        if (all) m[r >>> 5]! |= 1 << (r & 31);
      }
      return m;
    }),
  );
  // rep[ti][k][r]: the first row whose cells after sorted cell k equal row r's. Rows alike in
  // what is left to decide are interchangeable, so a state keeps only the first of each class:
  // two prefixes that leave the same suffixes open then share a node right away instead of
  // only after the bottom-up reduction (this keeps the raw diagram near its reduced size).
  const rep = tables.map((t, ti) =>
    sorted[ti]!.map((_, k) => {
      const first = new Map<string, number>();
      const out = new Int32Array(t.nRows);
      for (let r = 0; r < t.nRows; r++) {
        let key = '';
        for (let j = k + 1; j < sorted[ti]!.length; j++) key += `${t.rows[r * t.scope.length + sorted[ti]![j]!]},`;
        let f = first.get(key);
        if (f === undefined) first.set(key, (f = r));
        out[r] = f;
      }
      return out;
    }),
  );
  // Per layer: the tables it touches (with their sorted position), and the active lists.
  const touch: { ti: number; k: number }[][] = Array.from({ length: n }, () => []);
  sorted.forEach((s, ti) => s.forEach((pos, k) => touch[layerOf[tables[ti]!.scope[pos]!]!]!.push({ ti, k })));
  const active: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    tables.map((_, ti) => ti).filter((ti) => first[ti]! < i && last[ti]! >= i),
  );

  type State = (Uint32Array | null)[];
  let states: State[] = [[]];
  const children: Int32Array[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = order[i]!;
    const dom = domainSizes[x]!;
    const cur = active[i]!;
    const next = active[i + 1]!;
    const slotCur = new Map(cur.map((ti, s) => [ti, s]));
    const slotNext = new Map(next.map((ti, s) => [ti, s]));
    const kids = new Int32Array(states.length * dom).fill(-1);
    const unique = new Map<string, number>();
    const nextStates: State[] = [];
    for (let s = 0; s < states.length; s++) {
      const st = states[s]!;
      for (let d = 0; d < dom; d++) {
        const ns: State = next.map((ti) => (slotCur.has(ti) ? st[slotCur.get(ti)!]! : null));
        let dead = false;
        for (const { ti, k } of touch[i]!) {
          const si = slotCur.get(ti);
          const prev = si === undefined ? null : st[si]!;
          if (si !== undefined && prev === null) continue; // entailed already
          const m = masks[ti]![k]![d]!;
          const w = words[ti]!;
          const res = new Uint32Array(w);
          let any = 0;
          for (let j = 0; j < w; j++) any |= res[j] = prev ? prev[j]! & m[j]! : m[j]!;
          if (!any) {
            dead = true;
            break;
          }
          const sn = slotNext.get(ti);
          if (sn === undefined) continue; // closes here, satisfied
          let entailed = false;
          const e = entail[ti]![k]!;
          for (let j = 0; j < w && !entailed; j++) if (res[j]! & e[j]!) entailed = true;
          ns[sn] = entailed ? null : canonical(res, rep[ti]![k]!);
        }
        if (dead) continue;
        const key = ns.map((b) => (b ? b.join('.') : 'E')).join('|');
        let id = unique.get(key);
        if (id === undefined) {
          id = nextStates.length;
          unique.set(key, id);
          nextStates.push(ns);
          if (++total > maxNodes) throw new Error(`the rules need more than ${maxNodes} decision nodes`);
        }
        kids[s * dom + d] = id;
      }
    }
    children.push(kids);
    states = nextStates;
  }
  return reduce(domainSizes, order, layerOf, children, states.length);
}

/** The row set with each row replaced by the representative of its class. */
function canonical(rows: Uint32Array, rep: Int32Array): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    let word = rows[j]!;
    while (word) {
      const bit = 31 - Math.clz32(word);
      word ^= 1 << bit;
      const r = rep[j * 32 + bit]!;
      out[r >>> 5]! |= 1 << (r & 31);
    }
  }
  return out;
}

/** Remove nodes with no path to the terminal, merge nodes with equal children, lay out flat. */
function reduce(domainSizes: number[], order: number[], layerOf: Int32Array, children: Int32Array[], lastCount: number): Mdd {
  const n = order.length;
  // newId[i][s]: reduced id (within layer i) of raw node s, -1 when dead.
  let below = new Int32Array(lastCount).fill(0); // the terminal layer: all states are the terminal
  const layers: { kids: Int32Array; count: number }[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const dom = domainSizes[order[i]!]!;
    const raw = children[i]!;
    const count = raw.length / dom;
    const ids = new Int32Array(count).fill(-1);
    const unique = new Map<string, number>();
    const kids: number[] = [];
    for (let s = 0; s < count; s++) {
      let alive = false;
      const sig: number[] = [];
      for (let d = 0; d < dom; d++) {
        const c = raw[s * dom + d]!;
        const r = c < 0 ? -1 : below[c]!;
        sig.push(r);
        if (r >= 0) alive = true;
      }
      if (!alive) continue;
      const key = sig.join(',');
      let id = unique.get(key);
      if (id === undefined) {
        id = unique.size;
        unique.set(key, id);
        kids.push(...sig);
      }
      ids[s] = id;
    }
    layers[i] = { kids: Int32Array.from(kids), count: unique.size };
    below = ids;
  }
  const empty = n > 0 ? below[0]! < 0 : false;
  const layerStart = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) layerStart[i + 1] = layerStart[i]! + (empty ? 0 : layers[i]!.count);
  layerStart[n + 1] = layerStart[n]! + (empty ? 0 : 1);
  const nNodes = layerStart[n + 1]!;
  const edgeStart = new Int32Array(nNodes + 1);
  const vals: number[] = [];
  const tos: number[] = [];
  if (!empty) {
    for (let i = 0; i < n; i++) {
      const dom = domainSizes[order[i]!]!;
      const { kids, count } = layers[i]!;
      for (let s = 0; s < count; s++) {
        edgeStart[layerStart[i]! + s] = vals.length;
        for (let d = 0; d < dom; d++) {
          const c = kids[s * dom + d]!;
          if (c >= 0) {
            vals.push(d);
            tos.push(layerStart[i + 1]! + c);
          }
        }
      }
    }
  }
  edgeStart[nNodes - 1 < 0 ? 0 : nNodes - 1] = vals.length;
  edgeStart[nNodes] = vals.length;
  return {
    order: Int32Array.from(order),
    layerOf,
    layerStart,
    edgeStart,
    edgeVal: Int32Array.from(vals),
    edgeTo: Int32Array.from(tos),
    empty,
  };
}
