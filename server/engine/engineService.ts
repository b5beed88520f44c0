import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { evaluate, type Choices, type LintFinding, type Product } from '../../catalog/index.js';
import { adoptCompiled, type CompiledProduct, type EngineForm } from '../../catalog/rules/compileProduct.js';
import { AppError } from '../http/AppError.js';
import type { CheckResult, CompileLimit, CompileResult, CompileWorkers } from './compileWorkers.js';
import { ruleAttrs, type EngineComplexity } from './ruleClusters.js';
import type { CompiledForm } from './compileWorker.js';
import type { Completion } from './evaluateThread.js';
import { EvaluateWorker } from './evaluateWorker.js';

/** A finding of the draft checks: the engine's lint, plus 'too-complex' when a budget ran out. */
export type EngineFinding = Omit<LintFinding, 'code'> & { code: LintFinding['code'] | 'too-complex' };

export type CompileOutcome =
  | {
      ok: true;
      compiled: CompiledForm;
      /** The price of the cheapest valid configuration, found in the worker. */ fromPrice: number | null;
    }
  | { ok: false; finding: EngineFinding };
export type CheckOutcome = { ok: true; lint: EngineFinding[]; variants: string | null } | { ok: false; finding: EngineFinding };

export interface EngineBudgets {
  /** Time a compile (and, after it, a lint) may take in the worker. */
  budgetMs: number;
  /** The worker's heap cap (for the message; the workers enforce it). */
  memoryMb: number;
  /** Bytes of compiled forms kept (least recently used go first). */
  cacheBytes?: number;
  /** Time one evaluation of a product in the diagram form may take in the evaluation thread (default 5 s). */
  evaluateBudgetMs?: number | undefined;
  /** The evaluation thread's heap cap (default 1024 MB). */
  evaluateMemoryMb?: number | undefined;
}

export const DEFAULT_EVALUATE_BUDGET_MS = 5_000;

/**
 * Time the reasons of a diagram-form product's statically impossible values may take in the
 * compile worker, after its compile (at most a quarter of the compile budget). On long-range
 * 20 % its 425 dead values take about 6 s in all; values past it get no reasons.
 */
export const DEAD_REASONS_BUDGET_MS = 5_000;

interface Entry {
  compile: Promise<CompileOutcome>;
  check?: Promise<CheckOutcome>;
  /** Set once the compile is done: what the entry holds, for the cache's size. */
  bytes: number;
}

const seconds = (ms: number) => `${Number((ms / 1000).toPrecision(3))} s`;
const megabytes = (mb: number) => (mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${mb} MB`);
const LIST = 12;

/**
 * The engine for the server: compiles (and lints) products in worker threads, never on the
 * event loop, and hands the compiled form to the engine's cache (adoptCompiled), so the
 * synchronous evaluate / validate / count that follow use it.
 *
 * Compiled forms are cached by the product's content (a SHA-256 of its JSON), so a draft and
 * the version published from it, or the same version read twice, share one; requests for a
 * product being compiled wait for that compile (single flight). A product over a budget gets
 * a 'too-complex' finding, cached like a result: the next request does not try again.
 *
 * Evaluations (`evaluation`, `completion`) run on the event loop for the single-MDD and tree
 * forms (a click costs them milliseconds), and in the evaluation thread (evaluateWorker.ts) for
 * the diagram form, whose clicks cost tens to hundreds of milliseconds.
 */
export class EngineService {
  private readonly entries: LRUCache<string, Entry>;
  /** Entries whose job runs, whatever the cache evicts meanwhile (single flight). */
  private readonly inflight = new Map<string, Entry>();
  private readonly keys = new WeakMap<Product, string>();
  /** The form of the compiled product each adopted product object uses. */
  private readonly adopted = new WeakMap<Product, EngineForm>();
  /** Evaluations of products in the diagram form (its thread starts with the first one). */
  readonly evaluations: EvaluateWorker;

  constructor(
    private readonly workers: CompileWorkers,
    readonly budgets: EngineBudgets,
  ) {
    this.evaluations = new EvaluateWorker({
      budgetMs: budgets.evaluateBudgetMs ?? DEFAULT_EVALUATE_BUDGET_MS,
      memoryMb: budgets.evaluateMemoryMb ?? 1024,
    });
    this.entries = new LRUCache<string, Entry>({
      max: 1000,
      maxSize: budgets.cacheBytes ?? 512 * 1024 * 1024,
      sizeCalculation: (e) => Math.max(1024, e.bytes),
    });
  }

  /** Stop the compile threads and the evaluation thread (at shutdown). */
  async close(): Promise<void> {
    await this.evaluations.close();
    await this.workers.close();
  }

  /** Compiles started by this service (a compile-and-check counts once). */
  compiles = 0;

  /** True when `product` (this object) already has its compiled form in the engine's cache. */
  isReady(product: Product): boolean {
    return this.adopted.has(product);
  }

  /** The form of the compiled product the engine uses for `product` (this object); undefined before `ready`/`compile`. */
  formOf(product: Product): EngineForm | undefined {
    return this.adopted.get(product);
  }

  /**
   * The JSON text of `evaluate(product, choices)`, as `res.json` writes it (the option states'
   * lazy reasons included): computed here for the fast forms, in the evaluation thread for the
   * diagram form. Compiles first (a 503 when the product is over budget).
   */
  async evaluation(product: Product, choices: Choices): Promise<string> {
    await this.ready(product);
    if (this.formOf(product) !== 'diagram') return JSON.stringify(evaluate(product, choices));
    const r = await this.evaluations.run(this.keyOf(product), 'json', choices, () => this.loaded(product));
    if (r.mode !== 'json') throw new Error('the evaluation thread answered another mode');
    return r.json;
  }

  /**
   * The choices completed by the engine (an order's check), or why they cannot hold: on the
   * event loop for the fast forms, in the evaluation thread for the diagram form. Compiles first.
   */
  async completion(product: Product, choices: Choices): Promise<Completion> {
    await this.ready(product);
    if (this.formOf(product) !== 'diagram') {
      const e = evaluate(product, choices);
      return e.ok ? { ok: true, configuration: { ...e.configuration } } : e;
    }
    const r = await this.evaluations.run(this.keyOf(product), 'complete', choices, () => this.loaded(product));
    if (r.mode !== 'complete') throw new Error('the evaluation thread answered another mode');
    return r.completion;
  }

  /** The product and its compiled form for the evaluation thread (from the cache, or compiled again if it was let go). */
  private async loaded(product: Product): Promise<{ product: Product; compiled: CompiledForm }> {
    const c = await this.compile(product);
    if (!c.ok) throw new AppError(503, 'product_too_complex', c.finding.message);
    return { product, compiled: c.compiled };
  }

  /** The content key of a product, computed once per object. */
  private keyOf(product: Product): string {
    let k = this.keys.get(product);
    if (!k) this.keys.set(product, (k = createHash('sha256').update(JSON.stringify(product)).digest('base64url')));
    return k;
  }

  /** Compile a product in a worker (or take it from the cache) and make the engine use it for this object. */
  async compile(product: Product): Promise<CompileOutcome> {
    const key = this.keyOf(product);
    const entry = this.entryOf(key) ?? this.start(key, product, false);
    const outcome = await entry.compile;
    if (outcome.ok && !this.adopted.has(product)) {
      adoptCompiled(product, { ...outcome.compiled, product } as CompiledProduct);
      this.adopted.set(product, outcome.compiled.form);
    }
    return outcome;
  }

  /** Compile, then throw a 503 when the product is over budget: for orders and prices. */
  async ready(product: Product): Promise<void> {
    if (this.adopted.has(product)) return;
    const outcome = await this.compile(product);
    if (!outcome.ok) throw new AppError(503, 'product_too_complex', outcome.finding.message);
  }

  /** The engine's checks of a product (lint, variant count), run in a worker. */
  async check(product: Product): Promise<CheckOutcome> {
    const key = this.keyOf(product);
    let entry = this.entryOf(key);
    if (!entry) entry = this.start(key, product, true);
    else if (!entry.check) {
      // Compiled (or being compiled) for an order: check it once that is done, in a job of its own.
      const e = entry;
      e.check = e.compile.then((c) => (c.ok ? this.checkJob(key, product, e) : c));
      e.check.catch(() => {});
    }
    const outcome = await entry.check!;
    if (outcome.ok) await this.compile(product);
    return outcome;
  }

  private entryOf(key: string): Entry | undefined {
    return this.inflight.get(key) ?? this.entries.get(key);
  }

  /** A new entry and the job that fills it: compile, and check too when asked. */
  private start(key: string, product: Product, check: boolean): Entry {
    this.compiles++;
    let early!: (r: CompileResult) => void;
    const compiled = new Promise<CompileResult>((resolve) => (early = resolve));
    const job = this.workers.run(
      { product, check, reasonsBudgetMs: this.reasonsBudgetMs() },
      { budgetMs: this.budgets.budgetMs, onCompiled: early },
    );
    // The compile is settled by its message, or by the end of the job (rejected: the thread died).
    const compile = Promise.race([compiled, job.then((r) => r.compile)]).then((r) => {
      if (r.ok) {
        entry.bytes = r.bytes;
        // Now that its size is known (re-added if the cache let it go while it compiled).
        if (this.inflight.get(key) === entry || this.entries.peek(key) === entry)
          this.entries.set(key, entry, { size: Math.max(1024, r.bytes) });
      }
      return this.outcome(product, r);
    });
    compile.catch(() => {});
    const entry: Entry = { compile, bytes: 0 };
    if (check) {
      entry.check = job.then((r) => this.checkOutcome(product, r.check!));
      entry.check.catch(() => {});
    }
    this.forgetOnFailure(key, entry, job);
    this.entries.set(key, entry, { size: 1024 });
    this.inflight.set(key, entry);
    const settled = () => this.inflight.get(key) === entry && this.inflight.delete(key);
    job.then(settled, settled);
    return entry;
  }

  /** Check a product whose entry is compiled already (the worker compiles it again to lint it). */
  private checkJob(key: string, product: Product, entry: Entry): Promise<CheckOutcome> {
    this.compiles++;
    const job = this.workers.run(
      { product, check: true, reasonsBudgetMs: this.reasonsBudgetMs() },
      { budgetMs: this.budgets.budgetMs },
    );
    this.forgetOnFailure(key, entry, job);
    return job.then((r) => this.checkOutcome(product, r.check!));
  }

  /** The dead values' reasons share the compile's budget: a quarter of it at most, so they never make a product too complex. */
  private reasonsBudgetMs(): number {
    return Math.min(DEAD_REASONS_BUDGET_MS, Math.floor(this.budgets.budgetMs / 4));
  }

  /** A thread that died for another reason than a budget says nothing about the product: forget the entry. */
  private forgetOnFailure(key: string, entry: Entry, job: Promise<unknown>): void {
    job.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      if (this.inflight.get(key) === entry) this.inflight.delete(key);
    });
  }

  private outcome(product: Product, r: CompileResult): CompileOutcome {
    return r.ok
      ? { ok: true, compiled: r.compiled, fromPrice: r.fromPrice }
      : { ok: false, finding: this.tooComplex(product, r) };
  }

  private checkOutcome(product: Product, r: CheckResult): CheckOutcome {
    return r.ok ? { ok: true, lint: r.lint, variants: r.variants } : { ok: false, finding: this.tooComplex(product, r) };
  }

  /** The studio's error for a product over budget: which limit, and which attributes and rules to untangle. */
  tooComplex(product: Product, r: { limit: CompileLimit; message: string; complexity: EngineComplexity | null }): EngineFinding {
    const { budgetMs, memoryMb } = this.budgets;
    const why =
      r.limit === 'time'
        ? 'it ran out of time'
        : r.limit === 'memory'
          ? 'it ran out of memory'
          : `the engine gave up: ${r.message}`;
    let where = '';
    const cluster = r.complexity?.largestCluster ?? [];
    if (cluster.length) {
      const inCluster = new Set(cluster);
      const rules = product.rules.filter((rule) => {
        const attrs = [...ruleAttrs(rule)];
        return attrs.length > 1 && attrs.filter((a) => inCluster.has(a)).length > 1;
      });
      const names = (xs: string[]) =>
        xs
          .slice(0, LIST)
          .map((x) => `"${x}"`)
          .join(', ') + (xs.length > LIST ? ' …' : '');
      where =
        `: the largest group of linked rules joins attributes ${names(cluster)} (${cluster.length} attributes` +
        `${r.complexity!.clusters > 1 ? ` of ${r.complexity!.clusters} groups` : ''})` +
        (rules.length ? ` through rules ${names(rules.map((x) => x.id))}` : '');
    }
    return {
      severity: 'error',
      code: 'too-complex',
      message:
        `The rules of this product are too complex to compile within ${seconds(budgetMs)} / ${megabytes(memoryMb)} (${why})${where}` +
        ' — split this table or loosen these rules.',
      path: ['rules'],
    };
  }
}
