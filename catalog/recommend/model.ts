import { z } from 'zod';
import type { Product, Value } from '../schema/product.js';
import { NONE_KEY } from '../rules/types.js';
import {
  DEFAULT_TRAIN,
  trainPseudoLikelihood,
  type PairwiseData,
  type PairwiseWeights,
  type TrainOptions,
} from './pseudoLikelihood.js';

/**
 * What a product's past orders say about how its options are chosen: how many orders took each
 * value of each attribute, and how many took each pair of values of two attributes. Counts of
 * option values only — no order, customer or text the consumer typed (text attributes are not
 * counted). Keyed by attribute id and option id ("none" as NONE_KEY), so orders of every catalog
 * version add up, and a version that drops or adds options simply finds no count for them.
 */
export interface PreferenceCounts {
  format: 1;
  /** Number of orders counted. */
  orders: number;
  /** Attribute id → value key → orders that took it. */
  values: Record<string, Record<string, number>>;
  /** "attrA attrB" (attrA < attrB) → "keyA keyB" → orders that took both. */
  pairs: Record<string, Record<string, number>>;
}

const Counts = z.record(z.string(), z.number().int().nonnegative());
/** The stored model, checked when read back (from the database or an API client). */
export const PreferenceCountsSchema = z.object({
  format: z.literal(1),
  orders: z.number().int().nonnegative(),
  values: z.record(z.string(), Counts),
  pairs: z.record(z.string(), Counts),
});

/** The value key a configuration value is counted under, or undefined for a value not counted. */
function key(v: Value | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v === null ? NONE_KEY : v;
}

/**
 * Count a stream of configurations (attribute id → value) over the attributes in `attrs`
 * (typically the choice attributes of the product's current version, see countedAttributes).
 */
export function countPreferences(configurations: Iterable<Record<string, Value>>, attrs: readonly string[]): PreferenceCounts {
  const ids = [...new Set(attrs)].sort();
  const n = ids.length;
  // Value keys are numbered per attribute as they come, and counted in growing arrays.
  const index: Map<string, number>[] = ids.map(() => new Map());
  const names: string[][] = ids.map(() => []);
  const single: number[][] = ids.map(() => []);
  const pair: Map<number, number>[] = Array.from({ length: (n * (n - 1)) / 2 }, () => new Map());
  const code = new Int32Array(n);
  let orders = 0;
  for (const c of configurations) {
    orders++;
    for (let i = 0; i < n; i++) {
      const k = key(c[ids[i]!]);
      if (k === undefined) {
        code[i] = -1;
        continue;
      }
      let d = index[i]!.get(k);
      if (d === undefined) {
        index[i]!.set(k, (d = names[i]!.length));
        names[i]!.push(k);
        single[i]!.push(0);
      }
      code[i] = d;
      single[i]![d]!++;
    }
    for (let i = 0, p = 0; i < n; i++) {
      const a = code[i]!;
      for (let j = i + 1; j < n; j++, p++) {
        const b = code[j]!;
        if (a < 0 || b < 0) continue;
        const m = pair[p]!;
        const k = a * 65536 + b;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
  }
  const values: Record<string, Record<string, number>> = {};
  const pairs: Record<string, Record<string, number>> = {};
  ids.forEach((id, i) => (values[id] = Object.fromEntries(names[i]!.map((k, d) => [k, single[i]![d]!]))));
  for (let i = 0, p = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++) {
      const m = pair[p]!;
      if (!m.size) continue;
      const out: Record<string, number> = {};
      for (const [k, v] of m) out[`${names[i]![Math.floor(k / 65536)]} ${names[j]![k % 65536]}`] = v;
      pairs[`${ids[i]} ${ids[j]}`] = out;
    }
  return { format: 1, orders, values, pairs };
}

/** The attributes whose values are counted: every attribute but texts (what a consumer types is never learned). */
export function countedAttributes(product: Product): string[] {
  return product.attributes.filter((a) => a.kind !== 'text').map((a) => a.id);
}

/**
 * The learned preference model of a product: the value counts (for the "enough orders" check and
 * for reference) and the weights of a pairwise Markov random field learned by pseudo-likelihood
 * (see pseudoLikelihood.ts), keyed by attribute and option id. Numbers only: nothing of any one
 * order can be read back from it.
 */
export interface PreferenceModel {
  format: 1;
  orders: number;
  /** Attribute id → value key → orders that took it. */
  values: Record<string, Record<string, number>>;
  /** Attribute id → value key → bias (log-potential) of the value. */
  bias: Record<string, Record<string, number>>;
  /** "attrA attrB" (attrA < attrB) → "keyA keyB" → weight of the pair (absent = 0). */
  pairs: Record<string, Record<string, number>>;
}

const Weights = z.record(z.string(), z.number().finite());
export const PreferenceModelSchema = z.object({
  format: z.literal(1),
  orders: z.number().int().nonnegative(),
  values: z.record(z.string(), Counts),
  bias: z.record(z.string(), Weights),
  pairs: z.record(z.string(), Weights),
});

/**
 * The distinct value combinations of the counted attributes seen so far and how often each was
 * ordered (plain data, so that a worker thread can build it and hand it over).
 */
export interface Tabulation {
  ids: string[];
  /** Per attribute, its value keys in order of appearance ("" = the order has no value for it). */
  names: string[][];
  /** Distinct combinations, row-major (value index per attribute). */
  rows: number[];
  weight: number[];
  /** Combination signature → row. */
  seen: Map<string, number>;
  orders: number;
}

export function newTabulation(attrs: readonly string[]): Tabulation {
  const ids = [...new Set(attrs)].sort();
  return { ids, names: ids.map(() => []), rows: [], weight: [], seen: new Map(), orders: 0 };
}

/** Count one configuration (attribute id → option id, null for none) into the tabulation. */
export function tabulate(tab: Tabulation, configuration: Record<string, unknown>): void {
  tab.orders++;
  let sig = '';
  const code: number[] = [];
  for (let i = 0; i < tab.ids.length; i++) {
    const v = configuration[tab.ids[i]!];
    // An attribute the order does not have (an older version) counts as a value of its own ("").
    const k = v === null ? '__none__' : typeof v === 'string' ? v : '';
    let d = tab.names[i]!.indexOf(k);
    if (d < 0) {
      d = tab.names[i]!.length;
      tab.names[i]!.push(k);
    }
    code.push(d);
    sig += `${d},`;
  }
  const r = tab.seen.get(sig);
  if (r === undefined) {
    tab.seen.set(sig, tab.weight.length);
    tab.rows.push(...code);
    tab.weight.push(1);
  } else tab.weight[r]!++;
}

/** The training input of a tabulation. */
export function tabulationData(tab: Tabulation): PairwiseData {
  return {
    sizes: tab.names.map((k) => Math.max(1, k.length)),
    rows: Int32Array.from(tab.rows),
    weight: Float64Array.from(tab.weight),
  };
}

/** The stored model: value counts and the trained weights keyed by ids (weights under 1e-3 left out, 4 decimals kept). */
export function modelFromWeights(tab: Tabulation, w: PairwiseWeights): PreferenceModel {
  const { ids, names, rows, weight } = tab;
  const n = ids.length;
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const values: PreferenceModel['values'] = {};
  const bias: PreferenceModel['bias'] = {};
  const pairs: PreferenceModel['pairs'] = {};
  ids.forEach((id, i) => {
    values[id] = {};
    bias[id] = {};
    names[i]!.forEach((k, d) => {
      if (k === '') return;
      let count = 0;
      for (let r = 0; r < weight.length; r++) if (rows[r * n + i] === d) count += weight[r]!;
      values[id]![k] = count;
      bias[id]![k] = round(w.bias[i]![d]!);
    });
  });
  for (let i = 0, p = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++) {
      const block = w.pair[p]!;
      const sj = w.sizes[j]!;
      const out: Record<string, number> = {};
      names[i]!.forEach((ka, a) =>
        names[j]!.forEach((kb, b) => {
          const v = block[a * sj + b]!;
          if (ka !== '' && kb !== '' && Math.abs(v) >= 1e-3) out[`${ka} ${kb}`] = round(v);
        }),
      );
      if (Object.keys(out).length) pairs[`${ids[i]} ${ids[j]}`] = out;
    }
  return { format: 1, orders: tab.orders, values, bias, pairs };
}

/**
 * Learn the model from a stream of configurations (attribute id → value) over the attributes in
 * `attrs`: only the distinct combinations of their values and how often each was ordered are
 * kept, then the pairwise model is trained over the values that occur.
 */
export function learnPreferences(
  configurations: Iterable<Record<string, Value>>,
  attrs: readonly string[],
  options: TrainOptions = DEFAULT_TRAIN,
): PreferenceModel {
  const tab = newTabulation(attrs);
  for (const c of configurations) tabulate(tab, c);
  return modelFromWeights(tab, trainPseudoLikelihood(tabulationData(tab), options));
}
