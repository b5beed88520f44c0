import { hash } from 'node:crypto';
import { type Choices, type PriceBreakdown, type Product } from '../../catalog/index.js';
import { randomToken } from '../auth/crypto.js';
import type { CatalogRepository } from '../catalog/catalogRepository.js';
import { AppError } from '../http/AppError.js';
import type { EngineService } from '../engine/engineService.js';
import type { OrderView } from '../orders/orderSchemas.js';
import type { OrdersRepository } from '../orders/ordersRepository.js';
import { checkChoices, checkChoicesWith, placeOnce, staleVersion } from '../orders/ordersService.js';
import { decodePngDataUrl } from '../orders/snapshot.js';
import type { ConfigurationOrderRequest } from '../orders/orderSchemas.js';
import type { ConfigurationRequest, ConfigurationView } from './configurationSchemas.js';
import type { ConfigurationRow, ConfigurationsRepository } from './configurationsRepository.js';
import { deleteInBatches } from '../db/purge.js';

export const DEFAULT_CONFIGURATION_TTL_MS = 30 * 24 * 3600_000;
/**
 * How long an expired record is kept (answering 410 with its expiry date) before it is deleted;
 * afterwards its id answers 404. Orders made from it keep their own copy and are not touched.
 */
export const EXPIRED_CONFIGURATION_GRACE_MS = 7 * 24 * 3600_000;

type StoredConfiguration = NonNullable<Awaited<ReturnType<ConfigurationsRepository['findById']>>>;

export function toConfigurationView(r: StoredConfiguration): ConfigurationView {
  return {
    id: r.id,
    productId: r.product_id,
    version: r.catalog_version,
    choices: JSON.parse(r.choices) as ConfigurationView['choices'],
    configuration: JSON.parse(r.configuration) as ConfigurationView['configuration'],
    variantCode: r.variant_code,
    price: JSON.parse(r.price) as ConfigurationView['price'],
    total: Number(r.total),
    currency: r.currency,
    snapshotUrl: r.has_snapshot ? `/api/configurations/${r.id}/snapshot.png` : null,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

const gone = (id: string, expiresAt: string) =>
  new AppError(410, 'configuration_expired', `configuration ${id} expired at ${expiresAt}`, { expiresAt });

/**
 * Saved configurations: the engine completes and checks the consumer's choices, the server
 * prices them, and the result is kept, unchanged, until it expires. An order of one is made at
 * its version and price (a quote that holds until `expiresAt`), after the server checked once
 * more that the version still makes exactly that configuration and price.
 */
export class ConfigurationsService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly configurations: ConfigurationsRepository,
    private readonly ttlMs: number = DEFAULT_CONFIGURATION_TTL_MS,
    private readonly now: () => number = Date.now,
    /** Compiles a version in its worker first, so the checks below never compile on the event loop. */
    private readonly engine?: EngineService,
  ) {}

  private async ready(product: Product) {
    if (this.engine && !this.engine.isReady(product)) await this.engine.ready(product);
  }

  /** As orders check them: the evaluation in the engine's thread where the product's form needs it. */
  private check(product: Product, choices: Choices) {
    return this.engine ? checkChoicesWith(this.engine, product, choices) : Promise.resolve(checkChoices(product, choices));
  }

  async save(req: ConfigurationRequest): Promise<ConfigurationView> {
    const snapshot = req.snapshot ? decodePngDataUrl(req.snapshot) : null;
    const current = await this.catalog.getCurrent(req.productId);
    if (!current) throw AppError.notFound(`no product "${req.productId}"`);
    // As for orders: saved on what is sold now; a superseded version only if its choices still hold.
    await this.ready(current.product);
    const checked = await this.check(current.product, req.choices);
    if (!checked.ok) {
      if (req.version === current.version)
        throw new AppError(422, 'invalid_configuration', 'the configuration breaks the catalog rules', {
          violations: checked.violations,
        });
      throw staleVersion(req, current.version, checked.violations);
    }
    const now = this.now();
    const row: ConfigurationRow = {
      id: randomToken(16),
      product_id: req.productId,
      catalog_version: current.version,
      choices: JSON.stringify(req.choices),
      configuration: JSON.stringify(checked.configuration),
      price: JSON.stringify(checked.price),
      variant_code: checked.variantCode,
      currency: checked.price.currency,
      total: checked.price.total,
      snapshot,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + this.ttlMs).toISOString(),
    };
    await this.configurations.insert(row);
    return toConfigurationView({ ...row, has_snapshot: snapshot !== null });
  }

  /**
   * Deletes the records that expired more than the grace period ago, in batches of `batch`
   * (every instance may run it: a delete of rows already gone deletes nothing). Returns the count.
   */
  async purgeExpired(batch = 500): Promise<number> {
    const cutoff = new Date(this.now() - EXPIRED_CONFIGURATION_GRACE_MS).toISOString();
    return deleteInBatches((limit) => this.configurations.deleteExpired(cutoff, limit), batch);
  }

  /** The record, or 404 (unknown) / 410 (expired). */
  async get(id: string): Promise<StoredConfiguration> {
    const row = await this.configurations.findById(id);
    if (!row) throw AppError.notFound(`no configuration ${id}`);
    if (Date.parse(row.expires_at) <= this.now()) throw gone(id, row.expires_at);
    return row;
  }

  async snapshot(id: string): Promise<Buffer> {
    const r = await this.configurations.snapshot(id);
    if (!r) throw AppError.notFound(`no configuration ${id}`);
    if (Date.parse(r.expires_at) <= this.now()) throw gone(id, r.expires_at);
    if (!r.png) throw AppError.notFound('no snapshot for this configuration');
    return r.png;
  }

  /**
   * Check a saved configuration again before it becomes an order: its version must still make
   * exactly the stored configuration, variant and price from the stored choices (a record
   * changed in the database, or an engine that now reads the rules differently, is refused).
   */
  async recheck(id: string): Promise<{
    row: StoredConfiguration;
    product: Product;
    price: PriceBreakdown;
    configuration: Record<string, string | null>;
  }> {
    const row = await this.get(id);
    const version = await this.catalog.getVersion(row.product_id, row.catalog_version);
    if (!version) throw gone(id, row.expires_at);
    await this.ready(version.product);
    const checked = await this.check(version.product, JSON.parse(row.choices) as Choices);
    if (!checked.ok)
      throw new AppError(422, 'invalid_configuration', 'the saved configuration breaks the rules of its version', {
        violations: checked.violations,
      });
    const same =
      checked.variantCode === row.variant_code &&
      checked.price.total === Number(row.total) &&
      checked.price.currency === row.currency &&
      JSON.stringify(checked.configuration) === row.configuration &&
      JSON.stringify(checked.price) === row.price;
    if (!same)
      throw AppError.conflict(
        'configuration_changed',
        'the saved configuration no longer matches what its catalog version makes of it; save it again',
      );
    return { row, product: version.product, price: checked.price, configuration: checked.configuration };
  }
}

/** The canonical form of an order of a saved configuration, hashed (the same key with another body is refused). */
function requestHash(req: ConfigurationOrderRequest): string {
  const canonical = JSON.stringify(['configuration', req.configurationId, req.quantity, req.customer, req.externalRef ?? null]);
  return hash('sha256', canonical, 'hex');
}

/**
 * POST /api/orders with `{configurationId, …}`: the same guarantees as an order of choices — one
 * order per Idempotency-Key (a repeat answers the same order, even after the configuration
 * expired; another body under the key is 422 idempotency_key_reused), written by the same group
 * commit in one transaction with its snapshot.
 */
export async function placeFromConfiguration(
  configurations: ConfigurationsService,
  orders: OrdersRepository,
  key: string,
  req: ConfigurationOrderRequest,
): Promise<{ order: OrderView; replayed: boolean }> {
  return placeOnce(orders, key, requestHash(req), req, async () => {
    const { row, product, price, configuration } = await configurations.recheck(req.configurationId);
    return {
      product,
      productId: row.product_id,
      version: row.catalog_version,
      choices: JSON.parse(row.choices),
      // Stored as saved: recheck found the configuration, price and variant code the same.
      choicesJson: row.choices,
      configuration,
      price,
      variantCode: row.variant_code,
      snapshot: async () => (row.has_snapshot ? configurations.snapshot(row.id) : null),
      source: 'shop',
      externalRef: req.externalRef ?? null,
      configurationId: row.id,
    };
  });
}
