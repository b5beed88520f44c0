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
  if (
    product.attributes.length === Object.keys(choices).length &&
    product.attributes.every((a) => Object.hasOwn(choices, a.id))
  ) {
    configuration = { ...choices };
  } else {
    const ev: Evaluation = evaluate(product, choices);
    if (!ev.ok) return ev;
    configuration = { ...ev.configuration };
  }
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

export class OrdersService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly orders: OrdersRepository,
    private readonly engine: EngineService,
  ) {}

  /** Record an order once per idempotency key; `replayed` when the key had already made it. */
  async place(key: string, req: OrderRequest): Promise<{ order: OrderView; replayed: boolean }> {
    const hash = requestHash(req);
    const snapshot = req.snapshot ? decodePngDataUrl(req.snapshot) : null;
    // The hot path does not look the key up first: the unique key on insert catches a repeat.
    // A refusal does, though: the catalog may have changed since the key made its order.
    let checkedOrder: Awaited<ReturnType<OrdersService['check']>>;
    try {
      checkedOrder = await this.check(req);
    } catch (e) {
      const earlier = await this.orders.findByKey(key);
      if (earlier) return { order: this.replay(earlier, hash), replayed: true };
      throw e;
    }
    const { version, checked } = checkedOrder;
    const missing = missingCustomerFields(version.product, req.customer);
    if (missing.length)
      throw new AppError(422, 'customer_fields_missing', 'a delivery address is required for this product', {
        fields: missing,
      });
    const total = (() => {
      try {
        return lineTotal(checked.price.total, req.quantity);
      } catch {
        throw new AppError(422, 'total_out_of_range', 'the order total is out of range');
      }
    })();
    const now = new Date().toISOString();
    const row = await this.orders.insert(
      {
        id: randomToken(16),
        idempotency_key: key,
        request_hash: hash,
        product_id: req.productId,
        catalog_version: version.version,
        choices: JSON.stringify(req.choices),
        configuration: JSON.stringify(checked.configuration),
        price: JSON.stringify(checked.price),
        variant_code: checked.variantCode,
        currency: checked.price.currency,
        unit_price: checked.price.total,
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
        source: 'site',
        external_ref: null,
        configuration_id: null,
      },
      snapshot,
    );
    if (row) {
      const parts = {
        choices: req.choices,
        configuration: checked.configuration,
        price: checked.price,
        address: req.customer.address,
      };
      return { order: toOrderView(row, parts), replayed: false };
    }
    // A concurrent request with the same key won the race: answer with its order.
    const winner = await this.orders.findByKey(key);
    if (!winner) throw new Error('order insert collided but no order holds the key');
    return { order: this.replay(winner, hash), replayed: true };
  }

  private replay(row: OrderRow, hash: string): OrderView {
    if (row.request_hash !== hash)
      throw new AppError(422, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different order');
    return toOrderView(row);
  }

  /** Check against the version asked for; if it is not the current one, against the current one. */
  private async check(req: OrderRequest): Promise<{ version: ProductVersion; checked: Extract<Checked, { ok: true }> }> {
    const current = await this.catalog.getCurrent(req.productId);
    if (!current) throw AppError.notFound(`no product "${req.productId}"`);
    // Compiled in the engine's worker the first time (awaited, never on the event loop).
    if (!this.engine.isReady(current.product)) await this.engine.ready(current.product);
    if (req.version === current.version) {
      const checked = checkChoices(current.product, req.choices);
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
    const checked = checkChoices(current.product, req.choices);
    if (checked.ok) return { version: current, checked };
    const attrs = new Set(checked.violations.flatMap((v) => v.attrs));
    const invalid = Object.entries(req.choices)
      .filter(([attr]) => attrs.has(attr))
      .map(([attr, value]) => ({ attr, value }));
    throw new AppError(
      409,
      'stale_version',
      `version ${req.version} is not current and some choices no longer hold in version ${current.version}`,
      {
        requestedVersion: req.version,
        currentVersion: current.version,
        choices: invalid,
        violations: checked.violations,
      },
    );
  }
}
