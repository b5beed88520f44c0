import { compileProduct, type CompiledProduct } from '../rules/compileProduct.js';
import { parseChoices } from '../rules/parseChoices.js';
import { valueOf } from '../rules/space.js';
import type { Violation } from '../rules/types.js';
import type { Choices, Configuration, Product, Value } from '../schema/product.js';
import { bindModel, recommend, type BoundModel } from './recommend.js';
import type { PreferenceModel } from './model.js';

export { countedAttributes, countPreferences, learnPreferences, PreferenceModelSchema, type PreferenceModel } from './model.js';
export { cheapestCompletion, minMarginals } from './bestCompletion.js';
export { bindModel, bindNaiveBayes, recommend, type BoundModel } from './recommend.js';

/** A value the model recommends for an attribute not chosen yet. */
export interface AttributeRecommendation {
  value: Value;
  /** The model's probability of that value among the values still valid (0–1). */
  confidence: number;
}

export type ProductRecommendation =
  | {
      ok: true;
      /** Orders the model learned from. */
      orders: number;
      /** Per attribute not chosen and covered by the model: the most probable value still valid. */
      attributes: Record<string, AttributeRecommendation>;
      /** The most probable valid completion: the choices kept, every other attribute filled. */
      completion: Configuration;
    }
  | { ok: false; violations: Violation[] };

const bound = new WeakMap<CompiledProduct, WeakMap<PreferenceModel, BoundModel>>();

function boundModel(ct: CompiledProduct, model: PreferenceModel): BoundModel {
  let byModel = bound.get(ct);
  if (!byModel) bound.set(ct, (byModel = new WeakMap()));
  let b = byModel.get(model);
  if (!b) byModel.set(model, (b = bindModel(ct, model)));
  return b;
}

/**
 * What the learned model recommends for the consumer's choices: per open attribute, the most
 * probable value (always one that some valid configuration keeping every choice takes — the
 * engine's diagram decides, the model only ranks), and the most probable valid completion.
 * Choices that cannot hold together give the engine's violations.
 */
export function recommendChoices(product: Product, model: PreferenceModel, choices: Choices): ProductRecommendation {
  const ct = compileProduct(product);
  const parsed = parseChoices(ct, choices);
  if (!parsed.ok) return parsed;
  const b = boundModel(ct, model);
  const rec = recommend(b, parsed.chosen);
  if (!rec)
    return {
      ok: false,
      violations: [{ rule: null, message: 'the choices have no valid completion', attrs: Object.keys(choices) }],
    };
  const { space } = ct;
  const attributes: Record<string, AttributeRecommendation> = {};
  const completion: Record<string, Value> = {};
  space.attrs.forEach((a, x) => {
    const own = Object.prototype.hasOwnProperty.call(choices, a.id) ? choices[a.id] : undefined;
    if (own !== undefined && a.kind === 'text') completion[a.id] = own;
    else {
      const text = a.kind === 'text' ? product.defaults[a.id] : undefined;
      completion[a.id] = valueOf(space, x, rec.values[x]!, text);
    }
    const r = rec.perVariable[x]!;
    if (r.value >= 0) attributes[a.id] = { value: valueOf(space, x, r.value, undefined), confidence: r.confidence };
  });
  return { ok: true, orders: model.orders, attributes, completion };
}
