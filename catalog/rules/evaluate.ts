import { priceConfiguration } from '../pricing/price.js';
import { variantCode } from '../pricing/variantCode.js';
import type { Choices, Configuration, Product, Value } from '../schema/product.js';
import { compileProduct, type CompiledProduct } from './compileProduct.js';
import { minimalReasons } from './explain.js';
import { changeLists, INF, minCost, pathThrough, type MinCost } from './minCost.js';
import { valueIndex, valueOf } from './space.js';
import type { AttributeEvaluation, ChoiceChange, Evaluation, OptionState, RuleRef, Violation } from './types.js';

/**
 * The state of every option for the consumer's explicit choices, with the completed
 * configuration, its price and variant code. Runs three linear passes over the compiled MDD;
 * the reasons of conflicts and impossible options are minimal rule sets computed lazily on
 * first read of `reasons` (and cached), as they need a search.
 */
export function evaluate(product: Product, choices: Choices): Evaluation {
  const ct = compileProduct(product);
  const parsed = parseChoices(ct, choices);
  if (!parsed.ok) return parsed;
  const { chosen, explicitVars } = parsed;
  const { space, mdd } = ct;
  const sizes = ct.sizes;
  if (mdd.empty) return { ok: false, violations: contradiction(ct, new Int32Array(sizes.length).fill(-1), []) };
  const mc = minCost(mdd, sizes, chosen, space.defaults);
  if (mc.up[0]! >= mc.big) return { ok: false, violations: contradiction(ct, chosen, explicitVars) };

  const completion = pathThrough(mdd, mc, 0, -1).slice();
  if (explicitVars.length) changeLists(mdd, mc, chosen);
  const configuration = toConfiguration(ct, completion, choices);
  const attributes: Record<string, AttributeEvaluation> = {};
  space.attrs.forEach((a, x) => {
    const o = mc.offset[x]!;
    const options: Record<string, OptionState> = {};
    space.keys[x]!.forEach((key, d) => {
      const cost = mc.best[o + d]!;
      if (cost >= INF) options[key] = impossible(ct, x, d);
      else if (cost < mc.big) options[key] = AVAILABLE;
      else options[key] = conflict(ct, x, d, chosen, mc, choices);
    });
    attributes[a.id] = { id: a.id, value: configuration[a.id] ?? null, explicit: chosen[x]! >= 0, options };
  });
  return {
    ok: true,
    configuration,
    attributes,
    price: priceConfiguration(product, configuration),
    variantCode: variantCode(product, configuration),
  };
}

type Parsed = { ok: true; chosen: Int32Array; explicitVars: number[] } | { ok: false; violations: Violation[] };

/** Explicit choices as value indices; unknown attributes, options or unacceptable texts are violations. */
export function parseChoices(ct: CompiledProduct, choices: Choices): Parsed {
  const { space } = ct;
  const chosen = new Int32Array(space.attrs.length).fill(-1);
  const explicitVars: number[] = [];
  const violations: Violation[] = [];
  for (const [id, v] of Object.entries(choices)) {
    const x = space.index.get(id) ?? -1;
    if (x < 0) {
      violations.push({ rule: null, message: `unknown attribute "${id}"`, attrs: [id] });
      continue;
    }
    const d = valueIndex(space, x, v);
    if (d < 0) violations.push({ rule: null, message: valueMessage(ct, x, v), attrs: [id] });
    chosen[x] = d;
    explicitVars.push(x);
  }
  return violations.length ? { ok: false, violations } : { ok: true, chosen, explicitVars };
}

function valueMessage(ct: CompiledProduct, x: number, v: Value): string {
  const a = ct.space.attrs[x]!;
  if (a.kind === 'text') return v === null || v === '' ? `"${a.id}" needs a text` : `the text for "${a.id}" is not acceptable`;
  return v === null ? `"${a.id}" is not optional` : `"${a.id}" has no option "${v}"`;
}

function toConfiguration(ct: CompiledProduct, values: Int32Array, choices: Choices): Configuration {
  const out: Record<string, Value> = {};
  ct.space.attrs.forEach((a, x) => {
    const own = Object.prototype.hasOwnProperty.call(choices, a.id) ? choices[a.id] : undefined;
    const text = own !== undefined && own !== null && own !== '' ? own : ct.product.defaults[a.id];
    out[a.id] = valueOf(ct.space, x, values[x]!, text);
  });
  return out;
}

/** An object whose `reasons` are computed on first read. */
function lazyReasons<T extends object>(base: T, compute: () => RuleRef[]): T & { reasons: RuleRef[] } {
  let memo: RuleRef[] | undefined;
  return Object.defineProperty(base, 'reasons', {
    enumerable: true,
    get: () => (memo ??= compute()),
  }) as T & { reasons: RuleRef[] };
}

const AVAILABLE: OptionState = Object.freeze({ state: 'available' as const });

/** Dead options do not depend on the choices: one state object per product and value. */
const deadStates = new WeakMap<CompiledProduct, Map<number, OptionState>>();

function impossible(ct: CompiledProduct, x: number, d: number): OptionState {
  let states = deadStates.get(ct);
  if (!states) deadStates.set(ct, (states = new Map()));
  const key = x * 65536 + d;
  const hit = states.get(key);
  if (hit) return hit;
  const st = lazyReasons({ state: 'impossible' as const }, () => {
    const fixed = new Int32Array(ct.space.attrs.length).fill(-1);
    fixed[x] = d;
    return minimalReasons(ct, fixed, [x]);
  });
  states.set(key, st);
  return st;
}

function conflict(ct: CompiledProduct, x: number, d: number, chosen: Int32Array, mc: MinCost, choices: Choices): OptionState {
  const changes: ChoiceChange[] = [];
  const { mdd } = ct;
  const o = mc.offset[x]!;
  const add = (rec: number) => {
    for (; rec >= 0; rec = mc.recPrev[rec]!) {
      const y = mdd.order[mc.recLayer[rec]!]!;
      if (y === x) continue;
      const id = ct.space.attrs[y]!.id;
      changes.push({ attr: id, from: choices[id] ?? null, to: valueOf(ct.space, y, mc.recVal[rec]!, ct.product.defaults[id]) });
    }
  };
  add(mc.downChg[mc.bestFrom[o + d]!]!);
  add(mc.upChg[mdd.edgeTo[mc.bestEdge[o + d]!]!]!);
  return lazyReasons({ state: 'conflict' as const, changes }, () => {
    const fixed = chosen.slice();
    fixed[x] = d;
    return minimalReasons(ct, fixed, [x]);
  });
}

function contradiction(ct: CompiledProduct, chosen: Int32Array, explicitVars: number[]): Violation[] {
  const refs = minimalReasons(ct, chosen, explicitVars.length ? explicitVars : [...ct.space.attrs.keys()]);
  return refs.map((r) => {
    const t = ct.tables.find((tb) => ct.product.rules[tb.rule]!.id === r.id)!;
    const attrs = t.scope.filter((y) => chosen[y]! >= 0 || !explicitVars.length).map((y) => ct.space.attrs[y]!.id);
    return { rule: r.id, message: r.message, attrs };
  });
}
