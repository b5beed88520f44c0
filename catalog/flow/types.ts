import type { Choices, Product, Value } from '../schema/product.js';
import type { Evaluation } from '../configuration/evaluate.js';
import type { ChoiceChange, RuleRef } from '../rules/types.js';

/** An evaluation of choices that hold together: what the configurator context always holds. */
export type CompleteEvaluation = Extract<Evaluation, { ok: true }>;

/** One attribute whose value a choice changes (besides the attribute chosen). */
export interface ValueChange {
  attr: string;
  from: Value;
  to: Value;
  /** Whether `from` was the consumer's explicit choice (a conflict) or a completed value (a default). */
  explicit: boolean;
}

/** A choice that needs other explicit choices changed, waiting for the consumer's answer. */
export interface PendingConflict {
  attr: string;
  value: Value;
  /** The explicit choices that change (fewest possible), as the engine proposed them. */
  changes: ChoiceChange[];
  /** The rules that force the changes. */
  reasons: RuleRef[];
  /** Every other attribute whose value changes on accepting (the explicit changes and completed values). */
  consequences: ValueChange[];
  /** The explicit choices after accepting, and what they evaluate to (price, configuration). */
  choices: Choices;
  evaluation: CompleteEvaluation;
}

/** A delivery address: as typed (one text), or in parts. */
export type OrderAddress =
  string | { line1: string; line2?: string | undefined; postalCode: string; city: string; country: string };

/** The consumer's contact details as the order form collects them; the server validates them. */
export interface OrderCustomer {
  name: string;
  email: string;
  address?: OrderAddress | undefined;
  /** The language of the customer's order e-mails. */
  locale?: 'en' | 'nl' | undefined;
}

/** A choice applied at once that also changed other attributes' completed values: shown with an undo. */
export interface ChangeNotice {
  attr: string;
  value: Value;
  changes: ValueChange[];
  previousTotal: number;
  total: number;
}

/**
 * The body of `POST /api/orders`: the one contract between this machine, the client and the
 * server (`server/orders/orderSchemas.ts` validates exactly this shape, and a type check there
 * keeps the two equal). No price: the server completes, checks and prices the choices itself
 * (a price in the body is refused), so what is ordered is what its catalog version makes.
 */
export interface OrderBody {
  productId: string;
  /** The catalog version the configuration was made against. */
  version: number;
  /** The consumer's explicit choices; the server completes them as the engine does here. */
  choices: Choices;
  quantity: number;
  customer: OrderCustomer;
  /** Optional picture of the configured product (a data:image/png;base64 URL of the 3D preview). */
  snapshot?: string | undefined;
}

/**
 * The wire body of `POST /api/configurations` (a shop's cart line, saved from the embed): only what
 * the consumer chose. The server completes, checks and prices it; a price in the body is refused.
 * The server's zod schema is type-checked equal to it (server/configurations/configurationSchemas.ts).
 */
export type ConfigurationBody = Pick<OrderBody, 'productId' | 'version' | 'choices' | 'snapshot'>;

/** What the machine hands to the order call (the app's `submitOrder` actor). */
export interface OrderRequest {
  body: OrderBody;
  /**
   * The same for every retry of one order (kept while the configuration stays the same), so
   * the server can recognise a repeat and never record the order twice (`Idempotency-Key`).
   */
  idempotencyKey: string;
}

/** What the order call resolves with; at least the order's id. */
export interface OrderResult {
  id: string;
  [key: string]: unknown;
}

/** An error kept in the context for the UI: an order call that failed, or an engine refusal. */
export interface FlowError {
  kind: 'order' | 'engine';
  message: string;
  /** A machine-readable code when the error carried one (e.g. the API's error code). */
  code?: string;
}

export interface ConfiguratorContext {
  product: Product;
  version: number;
  /** The step (of product.steps) the consumer is working on; navigation only, not undoable. */
  step: string;
  /** The consumer's explicit choices, oldest first. */
  choices: Choices;
  /** The choices completed and priced: always a complete valid configuration. */
  evaluation: CompleteEvaluation;
  /** Undo stack (most recent last) and redo stack (next redo last) of explicit choices. */
  past: Choices[];
  future: Choices[];
  /** The text attribute being typed into: consecutive keystrokes make one undo step. */
  typing: string | null;
  pending: PendingConflict | null;
  /** Set by a choice that changed completed (default) values of other attributes, until the next change. */
  notice: ChangeNotice | null;
  error: FlowError | null;
  /** Set when an order is prepared; kept across failed attempts of the same configuration. */
  idempotencyKey: string | null;
  request: OrderRequest | null;
  order: OrderResult | null;
}

export type ConfiguratorEvent =
  /** Pick an option, or null for "none" on an optional attribute. */
  | { type: 'option.select'; attr: string; option: string | null }
  /** Set a personal text ("" clears it). */
  | { type: 'text.set'; attr: string; text: string }
  /** Forget an explicit choice: the attribute goes back to being completed from the defaults. */
  | { type: 'choice.clear'; attr: string }
  /** Move between the product's steps. */
  | { type: 'step.go'; step: string }
  | { type: 'step.next' }
  | { type: 'step.previous' }
  | { type: 'conflict.accept' }
  | { type: 'conflict.cancel' }
  /** Hide the notice of changed defaults (the change stays). */
  | { type: 'notice.dismiss' }
  /**
   * "Complete it for me": choose, for every attribute not chosen yet (texts aside), its value in
   * `completion` (e.g. the most probable valid completion of a recommendation) — one undo step;
   * the consumer's own choices are never changed.
   */
  | { type: 'choices.complete'; completion: Readonly<Record<string, Value>> }
  | { type: 'history.undo' }
  | { type: 'history.redo' }
  | { type: 'config.reset' }
  | { type: 'review.open' }
  | { type: 'review.back' }
  | { type: 'order.submit'; customer: OrderCustomer; quantity: number; snapshot?: string };

/** The largest quantity one order line may carry. */
export const MAX_ORDER_QUANTITY = 1000;
/** Undo steps kept; older ones are forgotten. */
export const MAX_HISTORY = 200;
