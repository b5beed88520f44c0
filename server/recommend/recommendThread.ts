// The recommendation thread (started by recommendWorker.ts): keeps the products' compiled forms
// and learned models it was sent, and answers recommendations with the catalog's own functions,
// so that no model or product, however large, holds the server's event loop. Its time is bounded
// by the thread that started it (it terminates this one), its memory by resourceLimits.
import { parentPort } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { priceConfiguration, type Choices, type Configuration, type Product } from '../../catalog/index.js';
import { PreferenceModelSchema, recommendChoices, type PreferenceModel } from '../../catalog/recommend/index.js';
import type { Violation } from '../../catalog/rules/types.js';
import { adoptCompiled, type CompiledProduct } from '../../catalog/rules/compileProduct.js';
import type { CompiledForm } from '../engine/compileWorker.js';

/** Products (and models) this thread keeps at most; the least recently asked go first. */
const KEEP = 64;

export interface RecommendJob {
  id: number;
  productId: string;
  version: number;
  /** The model to answer with (its learnedAt): the thread answers `need` when it holds another. */
  learnedAt: string;
  choices: Choices;
  /** Sent after a `need`: the version's product and its compiled form (from the engine's cache). */
  product?: { product: Product; compiled: CompiledForm };
  /** Sent after a `need`: the stored model (JSON, parsed and checked here). */
  model?: string;
}

export type RecommendResult =
  | {
      ok: true;
      orders: number;
      attributes: Record<string, { value: string | null; confidence: number }>;
      completion: Configuration;
      completionTotal: number;
    }
  | { ok: false; violations: Violation[] };

export type RecommendReply =
  | { type: 'ready' }
  | { id: number; type: 'need'; product: boolean; model: boolean }
  | { id: number; type: 'done'; result: RecommendResult }
  /** The stored model (of the job's learnedAt) does not parse as a PreferenceModel. */
  | { id: number; type: 'bad-model' }
  | { id: number; type: 'failed'; message: string };

/** The pure computation the thread runs: the recommendation and the completion's price. */
export function recommendAnswer(product: Product, model: PreferenceModel, choices: Choices): RecommendResult {
  const rec = recommendChoices(product, model, choices);
  if (!rec.ok) return rec;
  const { orders, attributes, completion } = rec;
  return { ok: true, orders, attributes, completion, completionTotal: priceConfiguration(product, completion).total };
}

const products = new LRUCache<string, { version: number; product: Product }>({ max: KEEP });
/** Per product, the model of one learnedAt; null when that stored model does not parse (remembered: it is not asked for again). */
const models = new LRUCache<string, { learnedAt: string; model: PreferenceModel | null }>({ max: KEEP });

function parseModel(text: string): PreferenceModel | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = PreferenceModelSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

function run(job: RecommendJob): RecommendReply {
  const { id, productId } = job;
  if (job.product) {
    const { product, compiled } = job.product;
    adoptCompiled(product, { ...compiled, product } as CompiledProduct);
    products.set(productId, { version: job.version, product });
  }
  if (job.model !== undefined) models.set(productId, { learnedAt: job.learnedAt, model: parseModel(job.model) });
  const p = products.get(productId);
  const m = models.get(productId);
  const needModel = m?.learnedAt !== job.learnedAt;
  if (!needModel && !m!.model) return { id, type: 'bad-model' };
  const needProduct = p?.version !== job.version;
  if (needProduct || needModel) return { id, type: 'need', product: needProduct, model: needModel };
  return { id, type: 'done', result: recommendAnswer(p!.product, m!.model!, job.choices) };
}

const port = parentPort;
if (port) {
  port.on('message', (job: RecommendJob) => {
    let reply: RecommendReply;
    try {
      reply = run(job);
    } catch (e) {
      reply = { id: job.id, type: 'failed', message: String((e as Error | undefined)?.message ?? e).slice(0, 300) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies RecommendReply);
}
