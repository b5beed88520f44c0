import type { CompiledProduct } from './compileProduct.js';
import { minimalReasons, quickReasons } from './explain.js';
import { valueOf } from './space.js';
import type { AttributeEvaluation, ChoiceChange, OptionState, RuleRef, Value } from './types.js';

/**
 * Option states as small class instances instead of object literals with a closure-backed
 * getter each: a click builds a few hundred of them, and closures plus per-object accessor
 * descriptors made every state a slow dictionary object (most of the garbage of a click).
 * `reasons` stays an own enumerable accessor (so JSON, spread and structuredClone see it
 * exactly as before) but every instance shares one descriptor; the data it needs sits in
 * private fields, invisible to Object.keys and equality checks.
 */
const REASONS: PropertyDescriptor = {
  enumerable: true,
  get(this: ImpossibleState | ConflictState) {
    return this.computeReasons();
  },
};
const CHANGES: PropertyDescriptor = {
  enumerable: true,
  get(this: ConflictState) {
    return this.computeChanges();
  },
};

export class ImpossibleState {
  readonly state = 'impossible' as const;
  declare readonly reasons: RuleRef[];
  readonly #ct: CompiledProduct;
  readonly #x: number;
  readonly #d: number;
  #memo: RuleRef[] | undefined;

  constructor(ct: CompiledProduct, x: number, d: number) {
    this.#ct = ct;
    this.#x = x;
    this.#d = d;
    Object.defineProperty(this, 'reasons', REASONS);
  }

  /** @internal the minimal rule set ruling the value out (computed once). */
  computeReasons(): RuleRef[] {
    if (this.#memo) return this.#memo;
    const fixed = new Int32Array(this.#ct.sizes.length).fill(-1);
    fixed[this.#x] = this.#d;
    return (this.#memo = minimalReasons(this.#ct, fixed, [this.#x]));
  }
}

/**
 * `changes` is an own enumerable accessor too: given as a function, the changes are decoded on
 * first read (the diagram form: a decode through the tree per conflict, most of a click when
 * every conflict's were decoded up front, while a shopper reads those of the attribute shown).
 */
export class ConflictState {
  readonly state = 'conflict' as const;
  declare readonly changes: ChoiceChange[];
  declare readonly reasons: RuleRef[];
  readonly #ct: CompiledProduct;
  /** The click's explicit choices (value index per variable); shared by the click's states, never mutated. */
  readonly #chosen: Int32Array;
  readonly #x: number;
  readonly #d: number;
  #memo: RuleRef[] | undefined;
  #changes: ChoiceChange[] | (() => ChoiceChange[]);

  constructor(ct: CompiledProduct, chosen: Int32Array, x: number, d: number, changes: ChoiceChange[] | (() => ChoiceChange[])) {
    this.#changes = changes;
    this.#ct = ct;
    this.#chosen = chosen;
    this.#x = x;
    this.#d = d;
    // An array stays a plain data property (the fast forms: one defineProperty less a state).
    if (typeof changes === 'function') Object.defineProperty(this, 'changes', CHANGES);
    else (this as { changes: ChoiceChange[] }).changes = changes;
    Object.defineProperty(this, 'reasons', REASONS);
  }

  /** @internal the fewest explicit choices to change for this value (decoded once). */
  computeChanges(): ChoiceChange[] {
    const c = this.#changes;
    return typeof c === 'function' ? (this.#changes = c()) : c;
  }

  /** @internal the reasons if a quick search finds them (quickReasons): whether it did. */
  tryQuickReasons(): boolean {
    if (this.#memo) return true;
    const fixed = this.#chosen.slice();
    fixed[this.#x] = this.#d;
    const found = quickReasons(this.#ct, fixed, [this.#x]);
    if (found) this.#memo = found;
    return found !== null;
  }

  /** @internal give no reasons (a budget for the evaluation's reasons ran out; nothing is cached). */
  forgoReasons(): void {
    this.#memo ??= [];
  }

  /** @internal the minimal rule set that, with the other explicit choices, rules the value out. */
  computeReasons(): RuleRef[] {
    if (this.#memo) return this.#memo;
    const fixed = this.#chosen.slice();
    fixed[this.#x] = this.#d;
    return (this.#memo = minimalReasons(this.#ct, fixed, [this.#x]));
  }
}

export const AVAILABLE: OptionState = Object.freeze({ state: 'available' as const });

/**
 * Per compiled product and attribute, the options record when no option is in conflict:
 * every possible value available, every dead one its (static) impossible state. It is the
 * same for every click, so it is built once, frozen and shared; `template` is an unfrozen
 * twin that clicks with conflicts copy (one fast shallow clone) and then patch. `records`
 * caches the frozen attribute records that use `shared`, by value index × 2 + explicit
 * (not for text attributes, whose value is the consumer's text).
 */
export interface AttributeStates {
  id: string;
  text: boolean;
  shared: Readonly<Record<string, OptionState>>;
  template: Record<string, OptionState>;
  records: AttributeEvaluation[];
}

export interface ProductStates {
  perAttribute: AttributeStates[];
}

const statesCache = new WeakMap<CompiledProduct, ProductStates>();

export function attributeStates(ct: CompiledProduct): ProductStates {
  let out = statesCache.get(ct);
  if (out) return out;
  const perAttribute = ct.space.keys.map((keys, x): AttributeStates => {
    const template: Record<string, OptionState> = {};
    keys.forEach((key, d) => (template[key] = ct.possible[x]![d] ? AVAILABLE : new ImpossibleState(ct, x, d)));
    const a = ct.space.attrs[x]!;
    return { id: a.id, text: a.kind === 'text', shared: Object.freeze({ ...template }), template, records: [] };
  });
  out = { perAttribute };
  statesCache.set(ct, out);
  return out;
}

const targetsCache = new WeakMap<CompiledProduct, Value[][]>();

/**
 * Per variable and value index, the configuration value a conflict's change sets it to
 * (a dropped text is completed from the defaults, as in the completed configuration).
 */
export function changeTargets(ct: CompiledProduct): Value[][] {
  let out = targetsCache.get(ct);
  if (out) return out;
  const { space, product } = ct;
  out = space.keys.map((keys, y) => keys.map((_, d) => valueOf(space, y, d, product.defaults[space.attrs[y]!.id])));
  targetsCache.set(ct, out);
  return out;
}

/**
 * Settle the lazy reasons of an evaluation's conflicts within `budgetMs`: a quick search each
 * first (quickReasons), in attribute order, then the full search for those it did not answer;
 * those not reached in time give none. For a
 * serialisation that must answer in bounded time (the server's evaluation thread): each
 * conflict's search is bounded (explain.ts), but a click may put a hundred options in conflict.
 */
export function settleConflictReasons(attributes: Record<string, AttributeEvaluation>, budgetMs: number): void {
  const deadline = performance.now() + budgetMs;
  const conflicts = Object.values(attributes).flatMap((a) =>
    Object.values(a.options).filter((s): s is ConflictState => s instanceof ConflictState),
  );
  // The easy ones first (a quick search each), then the others with their full budget.
  const hard = conflicts.filter((s) => performance.now() >= deadline || !s.tryQuickReasons());
  for (const s of hard) {
    if (performance.now() < deadline) s.computeReasons();
    else s.forgoReasons();
  }
}
