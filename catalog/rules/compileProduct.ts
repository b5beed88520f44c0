import type { Product } from '../schema/product.js';
import { compileMdd, type Mdd } from './compileMdd.js';
import { ruleTables, type RuleTable } from './ruleTables.js';
import { buildSpace, type Space } from './space.js';
import { variableOrder } from './variableOrder.js';
import type { RuleRef } from './types.js';

/** A product prepared for the engine: its variables, its rules as tables and the MDD of all valid configurations. */
export interface CompiledProduct {
  product: Product;
  space: Space;
  /** Per variable, its domain size. */
  sizes: number[];
  tables: RuleTable[];
  /** Per variable, the tables whose scope holds it. */
  tablesOf: number[][];
  mdd: Mdd;
  /** Per variable and value, whether some valid configuration takes it (static "impossible" = 0). */
  possible: Uint8Array[];
  /** Minimal explanations already computed, by question. */
  reasonCache: Map<string, RuleRef[]>;
  compileMs: number;
}

const cache = new WeakMap<Product, CompiledProduct>();

/**
 * Compile a product once; later calls with the same product object return the cached form,
 * so evaluate(product, …) stays cheap after the first call.
 */
export function compileProduct(product: Product): CompiledProduct {
  const hit = cache.get(product);
  if (hit) return hit;
  const t0 = performance.now();
  const space = buildSpace(product);
  const tables = ruleTables(product, space);
  const sizes = space.keys.map((k) => k.length);
  const mdd = compileMdd(sizes, tables, variableOrder(sizes.length, tables));
  const tablesOf: number[][] = sizes.map(() => []);
  tables.forEach((t, ti) => new Set(t.scope).forEach((x) => tablesOf[x]!.push(ti)));
  const possible = sizes.map((s) => new Uint8Array(s));
  for (let i = 0; i < sizes.length; i++) {
    const x = mdd.order[i]!;
    for (let e = mdd.edgeStart[mdd.layerStart[i]!]!; e < mdd.edgeStart[mdd.layerStart[i + 1]!]!; e++)
      possible[x]![mdd.edgeVal[e]!] = 1;
  }
  const compiled: CompiledProduct = {
    product,
    space,
    sizes,
    tables,
    tablesOf,
    mdd,
    possible,
    reasonCache: new Map(),
    compileMs: performance.now() - t0,
  };
  cache.set(product, compiled);
  return compiled;
}

/**
 * Put a compiled form made elsewhere (in a worker, handed over by structured clone) into the
 * cache, so compileProduct(product) and everything built on it use it instead of compiling.
 */
export function adoptCompiled(product: Product, compiled: CompiledProduct): CompiledProduct {
  const own = compiled.product === product ? compiled : { ...compiled, product };
  cache.set(product, own);
  return own;
}

/** Bytes held by the typed arrays of the compiled MDD (the bulk of the compiled form). */
export function mddBytes(m: Mdd): number {
  return [m.order, m.layerOf, m.layerStart, m.edgeStart, m.edgeVal, m.edgeTo].reduce((s, a) => s + a.byteLength, 0);
}
