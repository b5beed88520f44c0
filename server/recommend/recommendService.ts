import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Choices, Product } from '../../catalog/index.js';
import { countedAttributes } from '../../catalog/recommend/index.js';
import { DEFAULT_TRAIN, type TrainOptions } from '../../catalog/recommend/pseudoLikelihood.js';
import type { RecommendationAnswer } from '../../catalog/recommend/recommendationAnswer.js';
import type { CatalogRepository } from '../catalog/catalogRepository.js';
import type { Database } from '../db/schema.js';
import type { EngineService } from '../engine/engineService.js';
import { AppError } from '../http/AppError.js';
import { DEFAULT_BUDGET, learnInWorker, type LearnBudget } from './learnWorker.js';
import { RecommendWorker } from './recommendWorker.js';

export interface RecommendationModelsTable {
  product_id: string;
  enabled: number;
  min_orders: number;
  model: string | null;
  orders: number;
  learned_at: string | null;
  learn_ms: number | null;
}

type Db = Kysely<Database & { recommendation_models: RecommendationModelsTable }>;

/** A product's recommendation settings and the state of its model. */
export interface RecommendationStatus {
  productId: string;
  enabled: boolean;
  /** Recommendations are shown only from this many orders learned from. */
  minOrders: number;
  /** Orders the stored model learned from (0 before the first learning). */
  orders: number;
  learnedAt: string | null;
  learnMs: number | null;
}

export const DEFAULT_MIN_ORDERS = 30;
/** Orders read from the database per batch handed to the worker. */
const BATCH = 2000;

export interface RecommendOptions {
  train?: TrainOptions;
  budget?: LearnBudget;
  /** Time one recommendation may take in its thread (default 2 s); past it the answer is a 503. */
  recommendBudgetMs?: number | undefined;
  /** Heap cap of the recommendation thread (default 512 MB). */
  recommendMemoryMb?: number | undefined;
}

export const DEFAULT_RECOMMEND_BUDGET_MS = 2_000;

/**
 * Learns each product's preference model from its orders (all catalog versions, cancelled orders
 * left out) in a worker thread, stores it with the number of orders it learned from, and answers
 * recommendations with the engine (catalog/recommend) in another thread, which keeps the models
 * loaded (recommendWorker.ts): the event loop reads one row and routes.
 */
export class RecommendService {
  readonly #db: Db;
  readonly #running = new Map<string, Promise<RecommendationStatus>>();
  /** The thread that answers recommendations (public for tests: `busy`, `started`). */
  readonly worker: RecommendWorker;

  constructor(
    db: Kysely<Database>,
    private readonly catalog: CatalogRepository,
    private readonly engine: EngineService,
    private readonly logger: Logger,
    private readonly options: RecommendOptions = {},
  ) {
    this.#db = db as unknown as Db;
    this.worker = new RecommendWorker({
      budgetMs: options.recommendBudgetMs ?? DEFAULT_RECOMMEND_BUDGET_MS,
      memoryMb: options.recommendMemoryMb ?? 512,
    });
  }

  /** Stop the recommendation thread (at shutdown). */
  close(): Promise<void> {
    return this.worker.close();
  }

  async status(productId: string): Promise<RecommendationStatus> {
    const row = await this.#db
      .selectFrom('recommendation_models')
      .select(['enabled', 'min_orders', 'orders', 'learned_at', 'learn_ms'])
      .where('product_id', '=', productId)
      .executeTakeFirst();
    return {
      productId,
      enabled: row ? row.enabled === 1 : true,
      minOrders: row?.min_orders ?? DEFAULT_MIN_ORDERS,
      orders: row?.orders ?? 0,
      learnedAt: row?.learned_at ?? null,
      learnMs: row?.learn_ms ?? null,
    };
  }

  async updateSettings(
    productId: string,
    patch: { enabled?: boolean | undefined; minOrders?: number | undefined },
  ): Promise<RecommendationStatus> {
    await this.#ensureRow(productId);
    const set: Partial<RecommendationModelsTable> = {};
    if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
    if (patch.minOrders !== undefined) set.min_orders = patch.minOrders;
    if (Object.keys(set).length)
      await this.#db.updateTable('recommendation_models').set(set).where('product_id', '=', productId).execute();
    return this.status(productId);
  }

  /** Learn the product's model from its orders now (one learning at a time per product). */
  rebuild(productId: string): Promise<RecommendationStatus> {
    const running = this.#running.get(productId);
    if (running) return running;
    const p = this.#rebuild(productId).finally(() => this.#running.delete(productId));
    this.#running.set(productId, p);
    return p;
  }

  /** Learn every published product whose recommendations are on (the schedule). */
  async rebuildAll(): Promise<void> {
    for (const { productId } of await this.catalog.listCurrent()) {
      if (!(await this.status(productId)).enabled) continue;
      try {
        await this.rebuild(productId);
      } catch (e) {
        this.logger.warn({ err: e, productId }, 'learning the recommendation model failed');
      }
    }
  }

  async #rebuild(productId: string): Promise<RecommendationStatus> {
    const current = await this.catalog.getCurrent(productId);
    if (!current) throw AppError.notFound('unknown product');
    await this.#ensureRow(productId);
    const db = this.#db;
    async function* batches(): AsyncGenerator<string[]> {
      let after = 0;
      for (;;) {
        const rows = await db
          .selectFrom('orders')
          .select(['number', 'configuration'])
          .where('product_id', '=', productId)
          .where('status', '<>', 'cancelled')
          .where('number', '>', after)
          .orderBy('number')
          .limit(BATCH)
          .execute();
        if (!rows.length) return;
        after = Number(rows.at(-1)!.number);
        yield rows.map((r) => r.configuration);
      }
    }
    const t0 = performance.now();
    const model = await learnInWorker(
      countedAttributes(current.product),
      batches(),
      this.options.train ?? DEFAULT_TRAIN,
      this.options.budget ?? DEFAULT_BUDGET,
    );
    const learnMs = Math.round(performance.now() - t0);
    const learnedAt = new Date().toISOString();
    await db
      .updateTable('recommendation_models')
      .set({ model: JSON.stringify(model), orders: model.orders, learned_at: learnedAt, learn_ms: learnMs })
      .where('product_id', '=', productId)
      .execute();
    this.logger.info({ productId, orders: model.orders, learnMs }, 'recommendation model learned');
    return this.status(productId);
  }

  async #ensureRow(productId: string): Promise<void> {
    const has = await this.#db
      .selectFrom('recommendation_models')
      .select('product_id')
      .where('product_id', '=', productId)
      .executeTakeFirst();
    if (has) return;
    await this.#db
      .insertInto('recommendation_models')
      .values({
        product_id: productId,
        enabled: 1,
        min_orders: DEFAULT_MIN_ORDERS,
        model: null,
        orders: 0,
        learned_at: null,
        learn_ms: null,
      })
      .onConflict((oc) => oc.column('product_id').doNothing())
      .execute();
  }

  /** The product's stored model now, as stored (the recommendation thread parses and checks it). */
  async #storedModel(productId: string): Promise<{ learnedAt: string; text: string } | null> {
    const row = await this.#db
      .selectFrom('recommendation_models')
      .select(['model', 'learned_at'])
      .where('product_id', '=', productId)
      .executeTakeFirst();
    return row?.model && row.learned_at ? { learnedAt: row.learned_at, text: row.model } : null;
  }

  /**
   * What the model recommends for a product version and choices, computed in the recommendation
   * thread; `available` false when off, not learned or too few orders. `learnedAt` names the
   * model that answered.
   */
  async recommend(
    productId: string,
    version: number,
    product: Product,
    choices: Choices,
  ): Promise<Omit<RecommendationAnswer, 'productId' | 'version'>> {
    const status = await this.status(productId);
    const { minOrders, learnedAt } = status;
    const off = (reason: NonNullable<RecommendationAnswer['reason']>, orders = status.orders) => ({
      available: false,
      reason,
      orders,
      minOrders,
      learnedAt,
    });
    if (!status.enabled) return off('off');
    if (!learnedAt) return off('not-learned');
    if (status.orders < minOrders) return off('too-few-orders');
    const outcome = await this.worker.run(
      { productId, version, learnedAt, choices },
      {
        product: async () => {
          const c = await this.engine.compile(product);
          if (!c.ok) throw new AppError(503, 'product_too_complex', c.finding.message);
          return { product, compiled: c.compiled };
        },
        model: () => this.#storedModel(productId),
      },
    );
    if (outcome.type === 'no-model') return off('not-learned');
    const { result } = outcome;
    if (!result.ok) throw AppError.badRequest('the choices cannot hold together', result.violations);
    // A model rebuilt while this one was asked: its own number of orders decides.
    if (result.orders < minOrders) return { ...off('too-few-orders', result.orders), learnedAt: outcome.learnedAt };
    return {
      available: true,
      orders: result.orders,
      minOrders,
      learnedAt: outcome.learnedAt,
      attributes: result.attributes,
      completion: result.completion,
      completionTotal: result.completionTotal,
    };
  }
}
