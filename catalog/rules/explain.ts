import type { CompiledProduct } from './compileProduct.js';
import { satisfiableWithin } from './satisfiable.js';
import type { RuleRef } from './types.js';

/** Rows the searches of one question may scan (a few milliseconds; small products never reach it). */
const REASON_ROWS = 2_000_000;
/** Rules kept when the budget ran out before the set was minimal, at most, else none are given. */
const MAX_UNPROVEN = 3;

/**
 * A minimal set of rules that, with the assignments in `fixed` (value index per variable, -1
 * free), admits no valid configuration: by QuickXplain, over the rules reachable from the
 * fixed variables through free ones (a conflict never needs rules beyond those), taken in
 * rings of growing distance from `from`: the search runs over the first ring that rules the
 * value out. Cached per question on the compiled product. Returns [] when `fixed` is in fact
 * consistent, or when the searches pass their budget (REASON_ROWS) before a ring rules the value
 * out or with more than MAX_UNPROVEN rules still in the set (then a set of at most that many is
 * sufficient but may not be minimal).
 */
export function minimalReasons(ct: CompiledProduct, fixed: Int32Array, from: number[]): RuleRef[] {
  return searchReasons(ct, fixed, from, REASON_ROWS)!;
}

/** Rows of a first, quick search (quickReasons): most questions need far fewer than REASON_ROWS. */
export const QUICK_ROWS = 100_000;

/**
 * minimalReasons within a smaller budget of rows: null, and nothing cached, when the search
 * runs out of it (minimalReasons may still answer). Lets a caller with many questions and
 * little time answer the easy ones first, rather than spend it all on the first hard ones.
 */
export function quickReasons(ct: CompiledProduct, fixed: Int32Array, from: number[], rows = QUICK_ROWS): RuleRef[] | null {
  const key = reasonKey(fixed, from);
  const hit = ct.reasonCache.get(key);
  if (hit) return hit;
  // Known to need more: do not spend the quick budget on it again (a later evaluation of the
  // same choices goes on with the full searches).
  let failed = quickFailed.get(ct);
  if (failed?.has(key)) return null;
  const found = searchReasons(ct, fixed, from, Math.min(rows, REASON_ROWS));
  if (!found) {
    if (!failed) quickFailed.set(ct, (failed = new Set()));
    failed.add(key);
  }
  return found;
}

/** Per compiled product, the questions a quick search did not answer. */
const quickFailed = new WeakMap<CompiledProduct, Set<string>>();

function searchReasons(ct: CompiledProduct, fixed: Int32Array, from: number[], rows: number): RuleRef[] | null {
  const key = reasonKey(fixed, from);
  const hit = ct.reasonCache.get(key);
  if (hit) return hit;
  const sizes = ct.space.keys.map((k) => k.length);
  const tablesOf = (ids: number[]) => ids.map((ti) => ct.tables[ti]!);
  // Bounded: on a product whose rules tangle across parts, one search can take seconds, and a
  // click may ask for the reasons of hundreds of options. A rule is left out only when the
  // rest is proven to rule the value out; when the budget runs out, the rules not yet left out
  // stay, and a set of more than MAX_UNPROVEN rules is not worth showing: no reasons then.
  // Rings: a value is nearly always ruled out by rules near it, and a search over those few
  // rules is cheap, where one over every reachable rule (all of them, on a product whose
  // rules tangle) is not. A minimal set within a ring is a minimal set (minimality is about
  // leaving rules of the set out), so the answer is as good, found sooner.
  const budget = { rows };
  let core: number[] = [];
  for (const ring of reachableRings(ct, fixed, from)) {
    const verdict = satisfiableWithin(sizes, tablesOf(ring), fixed, budget);
    if (verdict === true) continue;
    if (verdict === null) break;
    const rulesOut = (ids: number[]) => satisfiableWithin(sizes, tablesOf(ids), fixed, budget) === false;
    core = quickXplain([], false, ring, rulesOut).sort((a, b) => a - b);
    if (budget.rows <= 0 && core.length > MAX_UNPROVEN) core = [];
    break;
  }
  if (budget.rows <= 0 && rows < REASON_ROWS) return null;
  ct.reasonSearches++;
  const rules = ct.product.rules;
  const refs = core.map((ti) => {
    const r = rules[ct.tables[ti]!.rule]!;
    return { id: r.id, message: r.message };
  });
  ct.reasonCache.set(key, refs);
  return refs;
}

/**
 * QuickXplain (Junker, 2004): a minimal subset S of `candidates` such that `background` ∪ S
 * rules the value out, given that `background` ∪ `candidates` does; `added` says whether the
 * caller just added to the background (so it is worth testing alone). About k·log(n/k) checks
 * for k rules of n, where leaving out one rule at a time takes n, each over nearly all of them:
 * a ring of a hundred rules with a core of two costs a few dozen small searches. A check that
 * runs out of budget counts as "does not rule out", which keeps rules: the set stays
 * sufficient, though maybe not minimal.
 */
function quickXplain(background: number[], added: boolean, candidates: number[], rulesOut: (ids: number[]) => boolean): number[] {
  if (added && rulesOut(background)) return [];
  if (candidates.length === 1) return candidates;
  const half = candidates.length >> 1;
  const first = candidates.slice(0, half);
  const second = candidates.slice(half);
  const inSecond = quickXplain([...background, ...first], first.length > 0, second, rulesOut);
  const inFirst = quickXplain([...background, ...inSecond], inSecond.length > 0, first, rulesOut);
  return [...inFirst, ...inSecond];
}

/** The reasonCache key of a question. */
const reasonKey = (fixed: Int32Array, from: number[]) => `${from.join(',')}|${fixed.join(',')}`;

/**
 * The tables connected to the start variables through variables that are not fixed, in rings:
 * each ring (sorted) holds the tables of the one before and those one free variable further.
 */
function* reachableRings(ct: CompiledProduct, fixed: Int32Array, from: number[]): Generator<number[]> {
  const seenVar = new Uint8Array(fixed.length);
  const seenTable = new Uint8Array(ct.tables.length);
  from.forEach((x) => (seenVar[x] = 1));
  let frontier = [...from];
  const out: number[] = [];
  while (frontier.length) {
    const next: number[] = [];
    let grew = false;
    for (const x of frontier)
      for (const ti of ct.tablesOf[x]!) {
        if (seenTable[ti]) continue;
        seenTable[ti] = 1;
        out.push(ti);
        grew = true;
        for (const y of ct.tables[ti]!.scope) {
          if (seenVar[y] || fixed[y]! >= 0) continue;
          seenVar[y] = 1;
          next.push(y);
        }
      }
    if (grew) yield [...out].sort((a, b) => a - b);
    frontier = next;
  }
}

/** What deadValueReasons did: dead values, those searched within the budget, those given reasons. */
export interface DeadReasonsReport {
  dead: number;
  searched: number;
  explained: number;
}

/**
 * The reasons of every statically impossible value (no valid configuration takes it), computed
 * at once into the compiled product's reasonCache, where ImpossibleState finds them. They do not
 * depend on the choices, so a product whose evaluations are costly (the diagram form) gets them
 * once per version, beside its compile, instead of in every evaluation that serialises its
 * option states. Quick searches first (quickReasons), so the budget goes to the easy values
 * before the hard ones. Values not reached within `budgetMs` are cached with no reasons, as a
 * search past its budget gives none: an evaluation never searches for them.
 */
export function deadValueReasons(ct: CompiledProduct, budgetMs: number): DeadReasonsReport {
  const deadline = performance.now() + budgetMs;
  const dead: [number, number][] = [];
  for (let x = 0; x < ct.sizes.length; x++) for (let d = 0; d < ct.sizes[x]!; d++) if (!ct.possible[x]![d]) dead.push([x, d]);
  const report: DeadReasonsReport = { dead: dead.length, searched: 0, explained: 0 };
  const fixed = new Int32Array(ct.sizes.length).fill(-1);
  const ask = ([x, d]: [number, number], quick: boolean) => {
    fixed[x] = d;
    const r = quick ? quickReasons(ct, fixed, [x]) : minimalReasons(ct, fixed, [x]);
    fixed[x] = -1;
    if (r) {
      report.searched++;
      if (r.length) report.explained++;
    }
    return r;
  };
  // The easy ones first, then the others with the full budget each, while time is left.
  const hard = dead.filter((v) => performance.now() >= deadline || !ask(v, true));
  for (const v of hard) {
    if (performance.now() < deadline) ask(v, false);
    else {
      fixed[v[0]] = v[1];
      const key = reasonKey(fixed, [v[0]]);
      if (!ct.reasonCache.has(key)) ct.reasonCache.set(key, []);
      fixed[v[0]] = -1;
    }
  }
  return report;
}
