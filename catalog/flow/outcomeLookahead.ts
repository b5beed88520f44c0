import type { Choices, Product } from '../schema/product.js';
import { compileProduct } from '../rules/compileProduct.js';
import { NONE_KEY, TEXT_KEY, type RuleRef } from '../rules/types.js';
import { clickOutcome, type ClickOutcome } from './clickOutcome.js';
import type { CompleteEvaluation } from './types.js';

/** What the look-ahead knows of one attribute now. */
export interface KnownOutcomes {
  /** The outcome of each offered value computed so far (keyed as the options). */
  outcomes: Readonly<Record<string, ClickOutcome>>;
  /** The reasons of each option in conflict found so far. */
  reasons: Readonly<Record<string, RuleRef[]>>;
  /** Every outcome and every conflict's reasons are known. */
  done: boolean;
}

interface AttrWork {
  attr: string;
  keys: string[];
  /** Next option whose outcome, then whose reasons, to compute. */
  nextOutcome: number;
  nextReason: number;
  outcomes: Record<string, ClickOutcome>;
  reasons: Record<string, RuleRef[]>;
  known: KnownOutcomes | null;
  /** Every outcome, frozen once all are known (attributeOutcomes). */
  all: Readonly<Record<string, ClickOutcome>> | null;
  listeners: Set<() => void>;
}

const EMPTY: KnownOutcomes = Object.freeze({ outcomes: Object.freeze({}), reasons: Object.freeze({}), done: true });

/**
 * The look-ahead of one evaluation: what picking each offered value of an option attribute would
 * do (clickOutcome), and why the options in conflict are (their reasons), computed one option at
 * a time, only for the attributes asked for.
 *
 * On the fast forms a click and its look-ahead cost milliseconds, so they are computed at once
 * (`eager`), as the configurator always did. On the diagram form an outcome costs a click (a few
 * milliseconds, 851 offered options on long-range 20 %) and a conflict's reasons a rule search
 * (up to a hundred milliseconds): the view `request`s the attributes it shows and runs `step`
 * in idle time, so the click's own evaluation is shown first and the rest fills in; outcomes of
 * every requested attribute come before any reasons (they change the prices shown).
 */
export class OutcomeLookahead {
  readonly eager: boolean;
  private readonly work = new Map<string, AttrWork>();
  /** Requested attributes, in the order asked. */
  private readonly queue: AttrWork[] = [];

  constructor(
    readonly product: Product,
    readonly choices: Choices,
    readonly evaluation: CompleteEvaluation,
  ) {
    this.eager = compileProduct(product).form !== 'diagram';
  }

  /** What is known of `attr` now (eager: all of it, computed here); the same object until more is known. */
  known(attr: string): KnownOutcomes {
    const w = this.workOf(attr);
    if (!w) return EMPTY;
    if (this.eager) this.finish(w);
    return (w.known ??= Object.freeze({
      outcomes: Object.freeze({ ...w.outcomes }),
      reasons: Object.freeze({ ...w.reasons }),
      done: w.nextReason >= w.keys.length,
    }));
  }

  /** Every outcome of `attr` (no reasons), computed now: attributeOutcomes. */
  allOutcomes(attr: string): Readonly<Record<string, ClickOutcome>> {
    const w = this.workOf(attr);
    if (!w) return EMPTY.outcomes;
    if (w.nextOutcome < w.keys.length) {
      while (w.nextOutcome < w.keys.length) this.outcomeOf(w);
      w.known = null; // not told: this runs in selectors, during a render
    }
    return (w.all ??= Object.freeze({ ...w.outcomes }));
  }

  /** Ask for `attr`'s look-ahead (`step` computes it); `onMore` is called when more of it is known. Returns the cancel. */
  request(attr: string, onMore: () => void): () => void {
    const w = this.workOf(attr);
    if (!w) return () => {};
    w.listeners.add(onMore);
    if (!this.queue.includes(w)) this.queue.push(w);
    return () => {
      w.listeners.delete(onMore);
      if (!w.listeners.size) this.queue.splice(this.queue.indexOf(w), 1);
    };
  }

  /** Work is left for the requested attributes. */
  get pending(): boolean {
    return this.queue.some((w) => w.nextReason < w.keys.length);
  }

  /**
   * Compute for the requested attributes, one option at a time, until done or `stop()` (asked
   * before each option) says so: first every outcome, then the conflicts' reasons. Tells the
   * listeners of the attributes that grew. Returns whether work is left.
   */
  step(stop: () => boolean): boolean {
    const grown = new Set<AttrWork>();
    for (const phase of ['outcome', 'reason'] as const)
      for (const w of this.queue)
        while (phase === 'outcome' ? w.nextOutcome < w.keys.length : w.nextReason < w.keys.length) {
          if (stop()) return (this.notify(grown), true);
          if (phase === 'outcome') this.outcomeOf(w);
          else this.reasonOf(w);
          grown.add(w);
        }
    this.notify(grown);
    return false;
  }

  private notify(grown: Set<AttrWork>): void {
    for (const w of grown) {
      w.known = null;
      for (const f of [...w.listeners]) f();
    }
  }

  private finish(w: AttrWork): void {
    if (w.nextReason >= w.keys.length) return;
    while (w.nextOutcome < w.keys.length) this.outcomeOf(w);
    while (w.nextReason < w.keys.length) this.reasonOf(w);
    w.known = null;
  }

  private outcomeOf(w: AttrWork): void {
    const key = w.keys[w.nextOutcome++]!;
    const o = clickOutcome(this.product, this.choices, this.evaluation, w.attr, key === NONE_KEY ? null : key);
    if (o) w.outcomes[key] = o;
  }

  private reasonOf(w: AttrWork): void {
    const key = w.keys[w.nextReason++]!;
    const state = this.evaluation.attributes[w.attr]!.options[key]!;
    if (state.state === 'conflict') w.reasons[key] = state.reasons;
  }

  private workOf(attr: string): AttrWork | null {
    let w = this.work.get(attr);
    if (w) return w;
    const a = this.product.attributes.find((x) => x.id === attr);
    const options = this.evaluation.attributes[attr]?.options;
    if (!a || !options || a.kind === 'text') return null;
    const keys = Object.keys(options).filter((k) => k !== TEXT_KEY);
    w = { attr, keys, nextOutcome: 0, nextReason: 0, outcomes: {}, reasons: {}, known: null, all: null, listeners: new Set() };
    this.work.set(attr, w);
    return w;
  }
}

const lookaheads = new WeakMap<CompleteEvaluation, OutcomeLookahead>();

/** The look-ahead of an evaluation (one per evaluation object, so what it computed is kept until the next click). */
export function outcomeLookahead(product: Product, choices: Choices, evaluation: CompleteEvaluation): OutcomeLookahead {
  let la = lookaheads.get(evaluation);
  if (!la) lookaheads.set(evaluation, (la = new OutcomeLookahead(product, choices, evaluation)));
  return la;
}

/**
 * The outcome of picking each offered value of one option attribute (keyed by option id, or
 * NONE_KEY for "none"), all computed now and memoised per evaluation, so that a selector returns
 * the same object until the configuration changes. Values the machine would not take are left out.
 */
export function attributeOutcomes(
  product: Product,
  choices: Choices,
  evaluation: CompleteEvaluation,
  attr: string,
): Readonly<Record<string, ClickOutcome>> {
  return outcomeLookahead(product, choices, evaluation).allOutcomes(attr);
}
