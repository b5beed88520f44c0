import type { Generated } from 'kysely';
import type { OrderStatus } from '../../catalog/index.js';

/**
 * The tables, as Kysely sees them. Portable types only: JSON is stored as text, times as
 * ISO 8601 UTC text (sorts like time), binary as Buffer (BLOB / bytea), money as integer
 * minor units (bigint where a quantity multiplies it).
 */
export interface Database {
  products: ProductsTable;
  product_versions: ProductVersionsTable;
  assets: AssetsTable;
  product_version_assets: ProductVersionAssetsTable;
  product_thumbnails: ProductThumbnailsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  counters: CountersTable;
  orders: OrdersTable;
  order_snapshots: OrderSnapshotsTable;
  configurations: ConfigurationsTable;
}

export interface ProductsTable {
  id: string;
  /** The published version the storefront shows; null until the first publish. */
  current_version: number | null;
  archived_at: string | null;
  created_at: string;
}

/** Immutable: a row is inserted once by a publish and never updated. */
export interface ProductVersionsTable {
  product_id: string;
  version: number;
  /** The product JSON document, as parsed by catalog/schema. */
  document: string;
  note: string;
  created_at: string;
  created_by: string | null;
}

/** Content-addressed files (models, textures): any instance can serve any version. */
export interface AssetsTable {
  sha256: string;
  content_type: string;
  size: number;
  content: Buffer;
}

export interface ProductVersionAssetsTable {
  product_id: string;
  version: number;
  /** Relative path as written in the product document, e.g. "chair.glb". */
  path: string;
  sha256: string;
}

export type Role = 'producer' | 'sales' | 'admin';

/** The storefront picture of a version (an asset), made once by the studio; may be replaced by a newer render. */
export interface ProductThumbnailsTable {
  product_id: string;
  version: number;
  sha256: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a leaked table does not leak sessions. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface CountersTable {
  name: string;
  value: number;
}

export type { OrderStatus };

/**
 * What a configured product is, as an order and a saved configuration both store it: the product and
 * catalog version, the choices as given, the complete configuration, the price breakdown (JSON), the
 * variant code and the currency.
 */
export interface ConfiguredColumns {
  product_id: string;
  catalog_version: number;
  choices: string;
  configuration: string;
  price: string;
  variant_code: string;
  currency: string;
}

/** The names of ConfiguredColumns, for a query or insert that copies or reads them all. */
export const CONFIGURED_COLUMNS = [
  'product_id',
  'catalog_version',
  'choices',
  'configuration',
  'price',
  'variant_code',
  'currency',
] as const satisfies readonly (keyof ConfiguredColumns)[];

export interface OrdersTable extends ConfiguredColumns {
  id: string;
  number: number;
  idempotency_key: string;
  /** sha256 of the canonical request, to refuse a key reused for another order. */
  request_hash: string;
  unit_price: number;
  quantity: number;
  total: number;
  customer_name: string;
  customer_email: string;
  customer_address: string | null;
  /** The customer's language for e-mails ("en", "nl"); null for orders from before migration 0030. */
  customer_locale: string | null;
  has_snapshot: number;
  status: OrderStatus;
  created_at: string;
  updated_at: string;
  /** Where the order came from: 'site' (the shop's own review page or the API) or 'shop' (a saved configuration). */
  source: Generated<OrderSource>;
  /** The shop's own reference (its order or cart line), as the shop sent it. */
  external_ref: string | null;
  /** The saved configuration the order was made from. */
  configuration_id: string | null;
}

export type OrderSource = 'site' | 'shop';

/** Immutable: a saved configuration is inserted once and never updated. */
export interface ConfigurationsTable extends ConfiguredColumns {
  id: string;
  total: number;
  snapshot: Buffer | null;
  created_at: string;
  expires_at: string;
}

export interface OrderSnapshotsTable {
  order_id: string;
  png: Buffer;
}

export type { Generated };
