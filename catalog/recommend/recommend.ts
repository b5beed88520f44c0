import type { CompiledProduct } from '../rules/compileProduct.js';
import { cheapestCompletion, minMarginals, valueOffsets } from './bestCompletion.js';
import type { PreferenceCounts, PreferenceModel } from './model.js';

/**
 * A model bound to one compiled catalog version: option ids mapped to the version's value
 * indices (weights for options the version no longer has are dropped, new options get the
 * weight of a value never ordered), as flat arrays so that conditioning on the choices costs
 * O(variables × choices × values).
 */
export interface BoundModel {
  ct: CompiledProduct;
  orders: number;
  offset: Int32Array;
  /** Per variable: whether the model covers it. */
  counted: Uint8Array;
  /** Per value (offset[x] + d): its cost alone (−bias); for variables not covered, 0 for the default and 1e-6 otherwise. */
  unary: Float64Array;
  /** Per value: how many orders took it. */
  count: Float64Array;
  /** Per value: −log of its smoothed frequency (the marginal reference; a second start for recommend()). */
  marginal: Float64Array;
  /** pairCost[x * nVars + y]: cost of (x = a, y = b) at a * sizes[y] + b, or undefined when 0. */
  pairCost: (Float64Array | undefined)[];
  /** Weight of each chosen value's pair costs (1 for a Markov random field). */
  evidenceWeight: number;
}

/**
 * Weight of the chosen values' pair weights in the pseudo-likelihood model. Below 1 it tempers the
 * conditionals, which are trained with every other attribute known and are overconfident on
 * combinations never ordered before. 0.6 is the median of the weights the benchmark picks per fold
 * on inner splits of Renault medium's training folds (0.4–1.0; no test fold used, docs/benchmarks.md).
 */
export const EVIDENCE_WEIGHT = 0.6;

/** Bind the learned pairwise model (pseudo-likelihood weights) to a compiled version. */
export function bindModel(ct: CompiledProduct, model: PreferenceModel, evidenceWeight = EVIDENCE_WEIGHT): BoundModel {
  const b = base(ct, model.orders, model.values);
  b.evidenceWeight = evidenceWeight;
  const { space, sizes } = ct;
  const nVars = sizes.length;
  for (const [id, byValue] of Object.entries(model.bias)) {
    const x = space.index.get(id);
    if (x === undefined || !b.counted[x]) continue;
    const o = b.offset[x]!;
    // A value never ordered: well below the least likely value ordered.
    const floor = Math.min(0, ...Object.values(byValue)) - 3;
    for (let d = 0; d < sizes[x]!; d++) b.unary[o + d] = -floor;
    for (const [k, w] of Object.entries(byValue)) {
      const d = space.keyIndex[x]!.get(k);
      if (d !== undefined) b.unary[o + d] = -w;
    }
  }
  for (const [ids, byValues] of Object.entries(model.pairs)) {
    const pr = pairOf(ct, b.counted, ids);
    if (!pr) continue;
    const [x, y] = pr;
    const xy = (b.pairCost[x * nVars + y] = new Float64Array(sizes[x]! * sizes[y]!));
    const yx = (b.pairCost[y * nVars + x] = new Float64Array(sizes[x]! * sizes[y]!));
    for (const [vs, w] of Object.entries(byValues)) {
      const de = valuePair(ct, x, y, vs);
      if (!de) continue;
      xy[de[0] * sizes[y]! + de[1]] = -w;
      yx[de[1] * sizes[x]! + de[0]] = -w;
    }
  }
  return b;
}

/**
 * Naive Bayes from value and pair counts (the literature's reference): cost of x = a given the
 * choices −log P(a) − Σ_h log P(h | a), additively smoothed.
 */
export function bindNaiveBayes(ct: CompiledProduct, counts: PreferenceCounts, smoothing = { unary: 1, pair: 0.1 }): BoundModel {
  const b = base(ct, counts.orders, counts.values);
  const { sizes } = ct;
  const nVars = sizes.length;
  for (let x = 0; x < nVars; x++) {
    if (!b.counted[x]) continue;
    const o = b.offset[x]!;
    let total = 0;
    for (let d = 0; d < sizes[x]!; d++) total += b.count[o + d]!;
    const denom = total + smoothing.unary * sizes[x]!;
    for (let d = 0; d < sizes[x]!; d++) b.unary[o + d] = -Math.log((b.count[o + d]! + smoothing.unary) / denom);
  }
  const mu = smoothing.pair;
  const joint: (Float64Array | undefined)[] = new Array(nVars * nVars);
  for (const [ids, byValues] of Object.entries(counts.pairs)) {
    const pr = pairOf(ct, b.counted, ids);
    if (!pr) continue;
    const [x, y] = pr;
    const m = (joint[x * nVars + y] = new Float64Array(sizes[x]! * sizes[y]!));
    for (const [vs, c] of Object.entries(byValues)) {
      const de = valuePair(ct, x, y, vs);
      if (de) m[de[0] * sizes[y]! + de[1]] = c;
    }
  }
  for (let x = 0; x < nVars; x++)
    for (let y = 0; y < nVars; y++) {
      if (x === y || !b.counted[x] || !b.counted[y]) continue;
      const m = joint[x * nVars + y] ?? joint[y * nVars + x];
      const transposed = !joint[x * nVars + y];
      const sx = sizes[x]!;
      const sy = sizes[y]!;
      const cost = (b.pairCost[x * nVars + y] = new Float64Array(sx * sy));
      for (let a = 0; a < sx; a++)
        for (let v = 0; v < sy; v++) {
          const c = m ? (transposed ? m[v * sx + a]! : m[a * sy + v]!) : 0;
          cost[a * sy + v] = -Math.log((c + mu) / (b.count[b.offset[x]! + a]! + mu * sy));
        }
    }
  return b;
}

function base(ct: CompiledProduct, orders: number, values: Record<string, Record<string, number>>): BoundModel {
  const { space, sizes } = ct;
  const nVars = sizes.length;
  const offset = valueOffsets(ct);
  const counted = new Uint8Array(nVars);
  const count = new Float64Array(offset[nVars]!);
  for (const [id, byValue] of Object.entries(values)) {
    const x = space.index.get(id);
    if (x === undefined || space.attrs[x]!.kind === 'text') continue;
    counted[x] = 1;
    for (const [k, c] of Object.entries(byValue)) {
      const d = space.keyIndex[x]!.get(k);
      if (d !== undefined) count[offset[x]! + d] = c;
    }
  }
  const marginal = new Float64Array(offset[nVars]!);
  const unary = new Float64Array(offset[nVars]!);
  for (let x = 0; x < nVars; x++) {
    if (!counted[x]) {
      // Not learned (a text, an attribute no order had): a tie-break towards the product's default.
      for (let d = 0; d < sizes[x]!; d++) unary[offset[x]! + d] = marginal[offset[x]! + d] = d === space.defaults[x] ? 0 : 1e-6;
      continue;
    }
    let total = 0;
    for (let d = 0; d < sizes[x]!; d++) total += count[offset[x]! + d]!;
    for (let d = 0; d < sizes[x]!; d++) marginal[offset[x]! + d] = -Math.log((count[offset[x]! + d]! + 1) / (total + sizes[x]!));
  }
  return {
    ct,
    orders,
    offset,
    counted,
    unary,
    count,
    marginal,
    pairCost: new Array(nVars * nVars),
    evidenceWeight: 1,
  };
}

function pairOf(ct: CompiledProduct, counted: Uint8Array, ids: string): [number, number] | undefined {
  const [a, b] = ids.split(' ');
  const x = ct.space.index.get(a!);
  const y = ct.space.index.get(b!);
  return x === undefined || y === undefined || !counted[x] || !counted[y] ? undefined : [x, y];
}

function valuePair(ct: CompiledProduct, x: number, y: number, vs: string): [number, number] | undefined {
  const [va, vb] = vs.split(' ');
  const d = ct.space.keyIndex[x]!.get(va!);
  const e = ct.space.keyIndex[y]!.get(vb!);
  return d === undefined || e === undefined ? undefined : [d, e];
}

/**
 * The learned weights conditioned on `given` (value index per variable, -1 = open), as one cost
 * per value: for an open variable x, unary(a) + w·Σ_y pairCost_xy(a, given_y) over the covered
 * variables y with a value. Pairs between two open variables are left out — the approximation
 * that turns the pairwise model into unary costs a min-sum pass can take (recommend() then
 * refines it by conditioning again on the completion found, see there). Fixed variables cost 0.
 */
export function conditionedCosts(
  model: BoundModel,
  given: Int32Array,
  fixed: Int32Array = given,
  into?: Float64Array,
  unary: Float64Array = model.unary,
): Float64Array {
  const { ct, offset, counted, pairCost, evidenceWeight: w } = model;
  const sizes = ct.sizes;
  const nVars = sizes.length;
  const out = into ?? new Float64Array(unary.length);
  out.set(unary);
  const hints: number[] = [];
  for (let y = 0; y < nVars; y++) {
    if (given[y]! >= 0 && counted[y]) hints.push(y);
    if (fixed[y]! >= 0) for (let d = 0; d < sizes[y]!; d++) out[offset[y]! + d] = 0;
  }
  for (let x = 0; x < nVars; x++) {
    if (fixed[x]! >= 0 || !counted[x]) continue;
    const ox = offset[x]!;
    const sx = sizes[x]!;
    for (const y of hints) {
      if (y === x) continue;
      const p = pairCost[x * nVars + y];
      if (!p) continue;
      const sy = sizes[y]!;
      const b = given[y]!;
      for (let a = 0; a < sx; a++) out[ox + a]! += w * p[a * sy + b]!;
    }
  }
  return out;
}

/** Refinement passes of recommend() (chosen by measured precision, docs/benchmarks.md). */
export const DEFAULT_REFINE = 1;

export interface VariableRecommendation {
  /** The recommended value index (the most probable valid value), or -1 when the variable is chosen or not counted. */
  value: number;
  /** Its share of the probability over the values still valid (min-marginals turned into a distribution). */
  confidence: number;
}

export interface Recommendation {
  /** The most probable valid completion of the choices (value index per variable; chosen ones kept). */
  values: Int32Array;
  /** The costs per value (offset[x] + d) that completion is the cheapest valid completion for (conditioned on the choices and the completion before). */
  costs: Float64Array;
  /** Per value: its min-marginal under those costs (Infinity when no valid configuration keeping the choices takes it). */
  valueCost: Float64Array;
  perVariable: VariableRecommendation[];
}

/**
 * Recommend for explicit choices (value index per variable, -1 = not chosen): the most probable
 * valid completion (min-sum passes of the engine over its compiled form, either the MDD or the
 * cluster tree, with the conditioned costs) and, per variable not chosen, its value with the
 * cheapest min-marginal — a value some valid configuration keeping every choice takes, as the
 * passes only walk the engine's compiled form of the valid configurations. Null when the
 * choices themselves cannot be completed.
 */
export function recommend(model: BoundModel, chosen: Int32Array, options: { refine?: number } = {}): Recommendation | null {
  const { ct } = model;
  const refine = options.refine ?? DEFAULT_REFINE;
  // Two starts: the model's own weights, and the value frequencies (with the choices' pair
  // weights); each refined by conditioning the pairs between open variables on the completion
  // found and solving again (block coordinate steps towards the most probable completion of the
  // whole pairwise model). The completion of lower energy() wins, and the min-marginals of the
  // costs it was found with rank each open variable's values.
  let best: Int32Array | null = null;
  let bestCosts: Float64Array | null = null;
  let bestEnergy = Infinity;
  for (const start of [model.unary, model.marginal]) {
    let costs = conditionedCosts(model, chosen, chosen, undefined, start);
    let values = cheapestCompletion(ct, chosen, costs);
    if (!values) return null;
    for (let r = 0; r < refine; r++) {
      costs = conditionedCosts(model, values, chosen, costs);
      values = cheapestCompletion(ct, chosen, costs) ?? values;
    }
    const e = energy(model, values);
    if (e < bestEnergy || !best) {
      bestEnergy = e;
      best = values;
      bestCosts = costs;
    }
  }
  const valueCost = minMarginals(ct, chosen, bestCosts!);
  if (!valueCost) return null;
  const offset = model.offset;
  const perVariable: VariableRecommendation[] = ct.sizes.map((size, x) => {
    if (chosen[x]! >= 0 || !model.counted[x]) return { value: -1, confidence: 0 };
    const o = offset[x]!;
    let b = -1;
    for (let d = 0; d < size; d++) if (valueCost[o + d]! < Infinity && (b < 0 || valueCost[o + d]! < valueCost[o + b]!)) b = d;
    if (b < 0) return { value: -1, confidence: 0 };
    let z = 0;
    for (let d = 0; d < size; d++) z += Math.exp(valueCost[o + b]! - valueCost[o + d]!);
    return { value: b, confidence: 1 / z };
  });
  return { values: best!, costs: bestCosts!, valueCost, perVariable };
}

/**
 * The energy by which recommend() picks between its two starts: the pair weights of the model
 * (tempered by the evidence weight) plus −log of each value's frequency. Not the model's own
 * energy: pseudo-likelihood leaves the biases poorly determined when values always go together
 * (a small shop's orders), and its mode can then be a combination fewer customers took.
 */
export function energy(model: BoundModel, values: Int32Array): number {
  const { ct, offset, counted, marginal: unary, pairCost, evidenceWeight: w } = model;
  const nVars = ct.sizes.length;
  let e = 0;
  for (let x = 0; x < nVars; x++) {
    if (!counted[x]) continue;
    e += unary[offset[x]! + values[x]!]!;
    for (let y = x + 1; y < nVars; y++) {
      const p = pairCost[x * nVars + y];
      if (p && counted[y]) e += w * p[values[x]! * ct.sizes[y]! + values[y]!]!;
    }
  }
  return e;
}
