import { hash } from 'node:crypto';
import {
  evaluate,
  isEmptyText,
  lineTotal,
  missingCustomerFields,
  validate,
  type Choices,
  type Evaluation,
  type PriceBreakdown,
  type Product,
  type Violation,
} from '../../catalog/index.js';
import { randomToken } from '../auth/crypto.js';
import type { CatalogRepository, ProductVersion } from '../catalog/catalogRepository.js';
import type { EngineService } from '../engine/engineService.js';
import { AppError } from '../http/AppError.js';
import type { OrderRequest, OrderView } from './orderSchemas.js';
import type { OrderRow, OrdersRepository } from './ordersRepository.js';
import { decodePngDataUrl } from './snapshot.js';

type Checked =
  | { ok: true; configuration: Record<string, string | null>; price: PriceBreakdown; variantCode: string }
  | { ok: false; violations: Violation[] };

/**
 * The server's own check of a consumer's choices: complete them with the engine (unless they
 * already name every attribute), then run the full validation of the complete configuration.
 */
export function checkChoices(product: Product, given: Choices): Checked {
  // A whitespace-only personal text is no text (catalog isEmptyText): stored as none, not charged.
  const choices = blankTextsAsNone(product, given);
  let configuration: Record<string, string | null>;
  if (namesEvery(product, choices)) {
    configuration = { ...choices };
  } else {
    const ev: Evaluation = evaluate(product, choices);
    if (!ev.ok) return ev;
    configuration = { ...ev.configuration };
  }
  return validated(product, configuration);
}

/**
 * checkChoices with the engine service's completion: for a product in the diagram form, whose
 * evaluation is too slow for the event loop, the completion runs in the engine's evaluation
 * thread; the validation and pricing stay here, as in checkChoices.
 */
export async function checkChoicesWith(engine: EngineService, product: Product, given: Choices): Promise<Checked> {
  if (engine.formOf(product) !== 'diagram') return checkChoices(product, given);
  const choices = blankTextsAsNone(product, given);
  if (namesEvery(product, choices)) return validated(product, { ...choices });
  const completed = await engine.completion(product, choices);
  if (!completed.ok) return completed;
  return validated(product, completed.configuration);
}

function namesEvery(product: Product, choices: Choices): boolean {
  return (
    product.attributes.length === Object.keys(choices).length && product.attributes.every((a) => Object.hasOwn(choices, a.id))
  );
}

function validated(product: Product, configuration: Record<string, string | null>): Checked {
  const v = validate(product, configuration);
  return v.ok ? { ok: true, configuration, price: v.price, variantCode: v.variantCode } : v;
}

function blankTextsAsNone(product: Product, choices: Choices): Choices {
  let out: Record<string, string | null> | null = null;
  for (const a of product.attributes) {
    const v = choices[a.id];
    if (a.kind === 'text' && typeof v === 'string' && v !== '' && isEmptyText(v)) (out ??= { ...choices })[a.id] = null;
  }
  return out ?? choices;
}

/** The canonical form of a request, hashed: the same key with another body is refused. */
function requestHash(req: OrderRequest): string {
  const choices = Object.fromEntries(Object.entries(req.choices).sort(([a], [b]) => (a < b ? -1 : 1)));
  const canonical = JSON.stringify([req.productId, req.version, choices, req.quantity, req.customer, req.snapshot ?? null]);
  return hash('sha256', canonical, 'hex');
}

/** The JSON columns of an order, parsed (or, for a new order, the objects they were made from). */
interface OrderParts {
  choices: unknown;
  configuration: unknown;
  price: unknown;
  address: unknown;
}

export function toOrderView(
  r: OrderRow,
  parts: OrderParts = {
    choices: JSON.parse(r.choices),
    configuration: JSON.parse(r.configuration),
    price: JSON.parse(r.price),
    address: r.customer_address ? JSON.parse(r.customer_address) : undefined,
  },
): OrderView {
  return {
    id: r.id,
    number: Number(r.number),
    productId: r.product_id,
    version: r.catalog_version,
    choices: parts.choices as OrderView['choices'],
    configuration: parts.configuration as OrderView['configuration'],
    variantCode: r.variant_code,
    quantity: r.quantity,
    unitPrice: Number(r.unit_price),
    total: Number(r.total),
    currency: r.currency,
    price: parts.price as OrderView['price'],
    customer: {
      name: r.customer_name,
      email: r.customer_email,
      ...(parts.address !== undefined ? { address: parts.address } : {}),
    },
    snapshotUrl: r.has_snapshot ? `/api/orders/${r.id}/snapshot.png` : null,
    status: r.status,
    createdAt: r.created_at,
    source: r.source,
    externalRef: r.external_ref,
    configurationId: r.configuration_id,
  };
}

/**
 * 409 stale_version: choices made on a superseded version that no longer hold in the current one
 * (an order's or a saved configuration's); `details.choices` names the choices that broke.
 */
export function staleVersion(req: { version: number; choices: Choices }, currentVersion: number, violations: Violation[]) {
  const attrs = new Set(violations.flatMap((v) => v.attrs));
  return new AppError(
    409,
    'stale_version',
    `version ${req.version} is not current and some choices no longer hold in version ${currentVersion}`,
    {
      requestedVersion: req.version,
      currentVersion,
      choices: Object.entries(req.choices)
        .filter(([attr]) => attrs.has(attr))
        .map(([attr, value]) => ({ attr, value })),
      violations,
    },
  );
}

/** An order whose checks have passed: what it is made of, and where it comes from. */
export interface CheckedOrder {
  product: Product;
  productId: string;
  version: number;
  /** The choices as given (the view shows them) and as stored. */
  choices: unknown;
  choicesJson: string;
  configuration: Record<string, string | null>;
  price: PriceBreakdown;
  variantCode: string;
  /** Read once the order is known to be valid, just before it is written. */
  snapshot: () => Promise<Buffer | null>;
  source: 'site' | 'shop';
  externalRef: string | null;
  configurationId: string | null;
}

/**
 * Record an order once per idempotency key, whatever it is made from (choices, a saved
 * configuration): the hot path does not look the key up first — the unique key on insert catches
 * a repeat, answered with the order the key made (`replayed`) when its request hash is the same,
 * 422 idempotency_key_reused when not. A refusal of `check` does look it up: the catalog may have
 * changed since the key made its order.
 */
export async function placeOnce(
  orders: OrdersRepository,
  key: string,
  requestHash: string,
  req: { quantity: number; customer: OrderRequest['customer'] },
  check: () => Promise<CheckedOrder>,
): Promise<{ order: OrderView; replayed: boolean }> {
  const replay = (row: OrderRow): OrderView => {
    if (row.request_hash !== requestHash)
      throw new AppError(422, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different order');
    return toOrderView(row);
  };
  let o: CheckedOrder;
  try {
    o = await check();
  } catch (e) {
    const earlier = await orders.findByKey(key);
    if (earlier) return { order: replay(earlier), replayed: true };
    throw e;
  }
  const missing = missingCustomerFields(o.product, req.customer);
  if (missing.length)
    throw new AppError(422, 'customer_fields_missing', 'a delivery address is required for this product', { fields: missing });
  const total = (() => {
    try {
      return lineTotal(o.price.total, req.quantity);
    } catch {
      throw new AppError(422, 'total_out_of_range', 'the order total is out of range');
    }
  })();
  const snapshot = await o.snapshot();
  const now = new Date().toISOString();
  const row = await orders.insert(
    {
      id: randomToken(16),
      idempotency_key: key,
      request_hash: requestHash,
      product_id: o.productId,
      catalog_version: o.version,
      choices: o.choicesJson,
      configuration: JSON.stringify(o.configuration),
      price: JSON.stringify(o.price),
      variant_code: o.variantCode,
      currency: o.price.currency,
      unit_price: o.price.total,
      quantity: req.quantity,
      total,
      customer_name: req.customer.name,
      customer_email: req.customer.email,
      customer_address: req.customer.address === undefined ? null : JSON.stringify(req.customer.address),
      customer_locale: req.customer.locale ?? null,
      has_snapshot: snapshot ? 1 : 0,
      status: 'received',
      created_at: now,
      updated_at: now,
      source: o.source,
      external_ref: o.externalRef,
      configuration_id: o.configurationId,
    },
    snapshot,
  );
  if (row) {
    const parts = { choices: o.choices, configuration: o.configuration, price: o.price, address: req.customer.address };
    return { order: toOrderView(row, parts), replayed: false };
  }
  // A concurrent request with the same key won the race: answer with its order.
  const winner = await orders.findByKey(key);
  if (!winner) throw new Error('order insert collided but no order holds the key');
  return { order: replay(winner), replayed: true };
}

export class OrdersService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly orders: OrdersRepository,
    private readonly engine: EngineService,
  ) {}

  /** Record an order of choices once per idempotency key; `replayed` when the key had already made it. */
  async place(key: string, req: OrderRequest): Promise<{ order: OrderView; replayed: boolean }> {
    const snapshot = req.snapshot ? decodePngDataUrl(req.snapshot) : null;
    return placeOnce(this.orders, key, requestHash(req), req, async () => {
      const { version, checked } = await this.check(req);
      return {
        product: version.product,
        productId: req.productId,
        version: version.version,
        choices: req.choices,
        choicesJson: JSON.stringify(req.choices),
        configuration: checked.configuration,
        price: checked.price,
        variantCode: checked.variantCode,
        snapshot: async () => snapshot,
        source: 'site',
        externalRef: null,
        configurationId: null,
      };
    });
  }

  /** Check against the version asked for; if it is not the current one, against the current one. */
  private async check(req: OrderRequest): Promise<{ version: ProductVersion; checked: Extract<Checked, { ok: true }> }> {
    const current = await this.catalog.getCurrent(req.productId);
    if (!current) throw AppError.notFound(`no product "${req.productId}"`);
    // Compiled in the engine's worker the first time (awaited, never on the event loop).
    if (!this.engine.isReady(current.product)) await this.engine.ready(current.product);
    if (req.version === current.version) {
      const checked = await checkChoicesWith(this.engine, current.product, req.choices);
      if (!checked.ok)
        throw new AppError(422, 'invalid_configuration', 'the configuration breaks the catalog rules', {
          violations: checked.violations,
        });
      return { version: current, checked };
    }
    // Versions are numbered 1, 2, … and never removed: past the current one there is none.
    if (req.version > current.version)
      throw new AppError(
        404,
        'unknown_version',
        `product "${req.productId}" has no version ${req.version}; the current version is ${current.version}`,
        { requestedVersion: req.version, currentVersion: current.version },
      );
    // A superseded version: the order is made on what is sold now, if the choices still hold.
    const checked = await checkChoicesWith(this.engine, current.product, req.choices);
    if (checked.ok) return { version: current, checked };
    throw staleVersion(req, current.version, checked.violations);
  }
}
