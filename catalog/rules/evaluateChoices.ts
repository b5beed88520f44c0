import type { Choices, Configuration, Product, Value } from '../schema/product.js';
import { compileProduct, type CompiledProduct } from './compileProduct.js';
import { minimalReasons } from './explain.js';
import { INF, minCost, pathThrough, type MinCost } from './minCost.js';
import { treeChanges, treeClick, valueOffsets } from './treeCost.js';
import { diagramPasses, type DiagramPass } from './diagramTree.js';
import { attributeStates, changeTargets, ConflictState } from './optionStates.js';
import { parseChoices } from './parseChoices.js';
import { valueOf } from './space.js';
import type { AttributeEvaluation, ChoiceChange, ChoicesEvaluation, OptionState, Violation } from './types.js';

/**
 * The state of every option for the consumer's explicit choices, with the completed
 * configuration (unpriced: `configuration/evaluate.ts` adds the price and variant code). Two
 * min-cost passes over the compiled form (shortest paths over the MDD, or min-sum messages
 * over the cluster tree); the reasons of conflicts and impossible options are minimal rule sets computed lazily on
 * first read of `reasons` (and cached), as they need a search; in the diagram form so are a
 * conflict's `changes` (a decode through the tree each).
 */
export function evaluateChoices(product: Product, choices: Choices): ChoicesEvaluation {
  const ct = compileProduct(product);
  const parsed = parseChoices(ct, choices);
  if (!parsed.ok) return parsed;
  const { chosen, explicitVars } = parsed;
  const { space } = ct;
  const sizes = ct.sizes;
  if (ct.empty) return { ok: false, violations: contradiction(ct, new Int32Array(sizes.length).fill(-1), []) };
  const targets = changeTargets(ct);
  const click =
    ct.form === 'mdd'
      ? mddClick(ct, chosen, choices, targets)
      : ct.form === 'tree'
        ? treeClickOf(ct, chosen, choices, targets)
        : diagramClick(ct, chosen, choices, targets);
  if (click.total >= click.big) return { ok: false, violations: contradiction(ct, chosen, explicitVars) };

  const completion = click.completion;
  const configuration = toConfiguration(ct, completion, choices);
  const states = attributeStates(ct);
  const attributes: Record<string, AttributeEvaluation> = {};
  const { best, offset, big } = click;
  for (let x = 0; x < sizes.length; x++) {
    const o = offset[x]!;
    const keys = space.keys[x]!;
    const st = states.perAttribute[x]!;
    // Dead values are static; only conflicts (cost ≥ big) differ from the shared record.
    let options: Record<string, OptionState> | undefined;
    for (let d = 0; d < keys.length; d++) {
      const cost = best[o + d]!;
      if (cost < big || cost >= INF) continue;
      options ??= { ...st.template };
      let changes: ChoiceChange[] | (() => ChoiceChange[]);
      if (click.lazyChanges)
        changes = () => {
          const into: ChoiceChange[] = [];
          click.changes(x, d, into);
          return into;
        };
      else click.changes(x, d, (changes = []));
      options[keys[d]!] = new ConflictState(ct, chosen, x, d, changes);
    }
    const id = st.id;
    const explicit = chosen[x]! >= 0;
    if (options || st.text) attributes[id] = { id, value: configuration[id] ?? null, explicit, options: options ?? st.shared };
    else {
      // Without conflicts the record depends only on the value and on whether it was chosen.
      const slot = completion[x]! * 2 + (explicit ? 1 : 0);
      attributes[id] = st.records[slot] ??= Object.freeze({ id, value: configuration[id] ?? null, explicit, options: st.shared });
    }
  }
  return { ok: true, configuration, attributes };
}

/**
 * One click's costs, whatever the compiled form: per value the cheapest configuration taking
 * it (not counting its own attribute's explicit choice), the cheapest completion, and the
 * explicit choices a conflict changes (each ChoiceChange built once per click and shared).
 */
interface Click {
  big: number;
  total: number;
  best: ArrayLike<number>;
  offset: Int32Array;
  completion: Int32Array;
  changes(x: number, d: number, into: ChoiceChange[]): void;
  /** Decode each conflict's changes on first read (they stay answerable after later clicks). */
  lazyChanges?: boolean;
}

function mddClick(ct: CompiledProduct, chosen: Int32Array, choices: Choices, targets: Value[][]): Click {
  const mc = minCost(ct.mdd, ct.sizes, chosen, ct.space.defaults);
  const total = mc.up[0]!;
  const cc: ClickChanges = { ct, mc, choices, targets, byRec: [] };
  return {
    big: mc.big,
    total,
    best: mc.best,
    offset: mc.offset,
    completion: total < mc.big ? pathThrough(ct.mdd, mc, 0, -1).slice() : new Int32Array(0),
    changes(x, d, into) {
      const o = mc.offset[x]!;
      addChanges(cc, x, mc.downChg[mc.bestFrom[o + d]!]!, into);
      addChanges(cc, x, mc.upChg[ct.mdd.edgeTo[mc.bestEdge[o + d]!]!]!, into);
    },
  };
}

function treeClickOf(ct: CompiledProduct, chosen: Int32Array, choices: Choices, targets: Value[][]): Click {
  const tree = ct.tree!;
  const click = treeClick(tree, ct.sizes, chosen, ct.space.defaults);
  const made = new Map<number, ChoiceChange>();
  return {
    big: click.big,
    total: click.total,
    best: click.best,
    offset: click.offset,
    completion: click.completion,
    changes(x, d, into) {
      const pairs = treeChanges(tree, click, chosen, x, d);
      for (let i = 0; i < pairs.length; i += 2) {
        const y = pairs[i]!;
        const v = pairs[i + 1]!;
        const slot = click.offset[y]! + v;
        let change = made.get(slot);
        if (!change) {
          const id = ct.space.attrs[y]!.id;
          made.set(slot, (change = Object.freeze({ attr: id, from: choices[id] ?? null, to: targets[y]![v]! })));
        }
        into.push(change);
      }
    },
  };
}

/**
 * The click on the tree of diagrams, in min-sum calls with few distinct costs each (fewer than
 * the other forms' one pass, valueCosts), so that its messages stay small:
 * - the completion: explicit choices as hard limits, 1 per attribute away from its default,
 *   upward pass only (a decode from the root);
 * - the option states: the explicit choices as hard limits and nothing else (the diagrams are
 *   restrictions, smaller the more is chosen): a value is available when some configuration
 *   keeps the choices and takes it; for a chosen attribute, keeps the other choices (its
 *   own limit left out in its home cluster); not available and not dead, in conflict;
 * - a conflict's changes, on first read (one call per click): `big` per explicit choice
 *   changed (plus 1 when the changed choice leaves its default, so that the proposed values
 *   prefer the defaults), decoded only through the clusters on the way to the explicit choices.
 *   Among equally few changes the other attributes' distance to their defaults does not
 *   choose, as it does in the other forms.
 */
function diagramClick(ct: CompiledProduct, chosen: Int32Array, choices: Choices, targets: Value[][]): Click {
  const { sizes } = ct;
  const n = sizes.length;
  const big = n + 1;
  const offset = valueOffsets(sizes);
  const defaults = ct.space.defaults;
  const dt = ct.diagrams!;
  // First the completion (its diagrams may be dropped by the next call), then the states.
  const completionCost = sizes.map((s, x) =>
    Float64Array.from({ length: s }, (_, d) => (chosen[x]! >= 0 ? (d === chosen[x] ? 0 : Infinity) : d === defaults[x] ? 0 : 1)),
  );
  const completion = diagramPasses(dt, completionCost, true).values();
  // The states (see above): 0 available, 1 in conflict, Infinity dead.
  const hard = sizes.map((s, x) =>
    chosen[x]! < 0 ? new Float64Array(s) : Float64Array.from({ length: s }, (_, d) => (d === chosen[x] ? 0 : Infinity)),
  );
  const states = completion ? diagramPasses(dt, hard) : null;
  const best = new Float64Array(offset[n]!).fill(Infinity);
  const wanted = new Uint8Array(n);
  if (states) {
    states.marginals(offset, best);
    const own = new Float64Array(Math.max(...sizes));
    for (let x = 0; x < n; x++) {
      const o = offset[x]!;
      if (chosen[x]! >= 0) {
        wanted[x] = 1;
        states.ownMarginals(x, own);
        for (let d = 0; d < sizes[x]!; d++) best[o + d] = own[d]!;
      }
      // Not extending the choices: in conflict, unless no configuration takes it at all.
      const possible = ct.possible[x]!;
      for (let d = 0; d < sizes[x]!; d++) best[o + d] = !possible[d] ? Infinity : best[o + d]! < Infinity ? 0 : 1;
    }
  }
  const made = new Map<number, ChoiceChange>();
  let changeCost: Float64Array[] | undefined;
  let pass: DiagramPass | undefined;
  let late: Map<number, ChoiceChange[]> | undefined;
  /** The changes of conflict x = d by the fewest-changes call `p`. */
  const decode = (p: DiagramPass, x: number, d: number): ChoiceChange[] => {
    const pairs = p.wantedValues(x, d, wanted)!;
    const out: ChoiceChange[] = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const y = pairs[i]!;
      const v = pairs[i + 1]!;
      if (y === x || v === chosen[y]) continue;
      const slot = offset[y]! + v;
      let change = made.get(slot);
      if (!change) {
        const id = ct.space.attrs[y]!.id;
        made.set(slot, (change = Object.freeze({ attr: id, from: choices[id] ?? null, to: targets[y]![v]! })));
      }
      out.push(change);
    }
    return out;
  };
  return {
    big: 1,
    total: completion ? 0 : 1,
    best,
    offset,
    completion: completion ?? new Int32Array(0),
    lazyChanges: true,
    changes(x, d, into) {
      // The fewest changes, preferring changed choices that go to their defaults: `big` per
      // explicit choice changed, plus 1 when it leaves its default. One call per click, on the
      // first read of a conflict's changes. Read after a later call on the same product (which
      // may have dropped this one's diagrams), it runs again, once: then every conflict of the
      // click is decoded, so that reading two clicks' changes in turn does not redo a call each.
      const slot = offset[x]! + d;
      if (late) {
        into.push(...late.get(slot)!);
        return;
      }
      changeCost ??= sizes.map((s, y) =>
        chosen[y]! < 0
          ? new Float64Array(s)
          : Float64Array.from({ length: s }, (_, v) => (v === chosen[y] ? 0 : big + (v === defaults[y] ? 0 : 1))),
      );
      if (pass?.current() === false) {
        pass = diagramPasses(dt, changeCost);
        late = new Map();
        for (let y = 0; y < n; y++)
          for (let v = 0; v < sizes[y]!; v++) if (best[offset[y]! + v] === 1) late.set(offset[y]! + v, decode(pass, y, v));
        into.push(...late.get(slot)!);
        return;
      }
      pass ??= diagramPasses(dt, changeCost);
      into.push(...decode(pass, x, d));
    },
  };
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

/** Per MDD click: the ChoiceChange of each change record, built once and shared by every conflict whose list passes it. */
interface ClickChanges {
  ct: CompiledProduct;
  mc: MinCost;
  choices: Choices;
  targets: Value[][];
  byRec: (ChoiceChange | undefined)[];
}

/** Append the explicit choices changed along one change list (see MinCost), except x's own. */
function addChanges(cc: ClickChanges, x: number, rec: number, into: ChoiceChange[]): void {
  const { mc, ct } = cc;
  for (; rec >= 0; rec = mc.recPrev[rec]!) {
    const y = ct.mdd.order[mc.recLayer[rec]!]!;
    if (y === x) continue;
    let change = cc.byRec[rec];
    if (!change) {
      const id = ct.space.attrs[y]!.id;
      change = cc.byRec[rec] = Object.freeze({ attr: id, from: cc.choices[id] ?? null, to: cc.targets[y]![mc.recVal[rec]!]! });
    }
    into.push(change);
  }
}

function contradiction(ct: CompiledProduct, chosen: Int32Array, explicitVars: number[]): Violation[] {
  const refs = minimalReasons(ct, chosen, explicitVars.length ? explicitVars : [...ct.space.attrs.keys()]);
  return refs.map((r) => {
    const t = ct.tables.find((tb) => ct.product.rules[tb.rule]!.id === r.id)!;
    const attrs = t.scope.filter((y) => chosen[y]! >= 0 || !explicitVars.length).map((y) => ct.space.attrs[y]!.id);
    return { rule: r.id, message: r.message, attrs };
  });
}
