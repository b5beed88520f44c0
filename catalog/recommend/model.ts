import { z } from 'zod';
import type { Product, Value } from '../schema/product.js';
import { NONE_KEY } from '../rules/types.js';
import { DEFAULT_TRAIN, pairIndex, trainPseudoLikelihood, type TrainOptions } from './pseudoLikelihood.js';

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

/** Weights smaller than this are not stored (they change no prediction). */
const KEEP = 1e-3;
const round = (w: number) => Math.round(w * 1e4) / 1e4;

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
  const ids = [...new Set(attrs)].sort();
  const n = ids.length;
  const index: Map<string, number>[] = ids.map(() => new Map());
  const names: string[][] = ids.map(() => []);
  const distinct = new Map<string, number>();
  const rows: number[] = [];
  const weight: number[] = [];
  let orders = 0;
  const code = new Int32Array(n);
  for (const c of configurations) {
    orders++;
    for (let i = 0; i < n; i++) {
      // An attribute the order does not have (an older version) counts as a value of its own.
      const k = key(c[ids[i]!]) ?? '';
      let d = index[i]!.get(k);
      if (d === undefined) {
        index[i]!.set(k, (d = names[i]!.length));
        names[i]!.push(k);
      }
      code[i] = d;
    }
    const sig = code.join(',');
    const r = distinct.get(sig);
    if (r === undefined) {
      distinct.set(sig, weight.length);
      rows.push(...code);
      weight.push(1);
    } else weight[r]!++;
  }
  const sizes = names.map((k) => Math.max(1, k.length));
  const w = trainPseudoLikelihood({ sizes, rows: Int32Array.from(rows), weight: Float64Array.from(weight) }, options);
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
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const block = w.pair[pairIndex(n, i, j)]!;
      const out: Record<string, number> = {};
      names[i]!.forEach((ka, a) =>
        names[j]!.forEach((kb, b) => {
          const v = block[a * sizes[j]! + b]!;
          if (ka !== '' && kb !== '' && Math.abs(v) >= KEEP) out[`${ka} ${kb}`] = round(v);
        }),
      );
      if (Object.keys(out).length) pairs[`${ids[i]} ${ids[j]}`] = out;
    }
  return { format: 1, orders, values, bias, pairs };
}
