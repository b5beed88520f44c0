import { describeConfiguration } from '../../catalog/index.js';
import type { CatalogRepository } from '../catalog/catalogRepository.js';
import { assetBase } from '../catalog/assetFiles.js';
import type { OrderStatus } from '../db/schema.js';
import { AppError } from '../http/AppError.js';
import { decodeCursor, encodeCursor, type SalesRepository } from './salesRepository.js';
import type { SalesOrderDetail } from '../../catalog/api/salesContract.js';
import type { ListQuery, SalesStatus, SortKey } from './salesSchemas.js';
import { enqueue, orderPayload } from '../webhooks/webhooks.js';
import { queueStatusEmail } from '../orders/orderEmails.js';

/**
 * received → in_production → shipped; received or in_production → cancelled. Every move can be
 * taken back by one step (a clerk's undo): in_production → received, shipped → in_production, and
 * cancelled → the status it was cancelled from (MOVES_BACK; see allowedMoves).
 */
export const TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  received: ['in_production', 'cancelled'],
  in_production: ['shipped', 'cancelled', 'received'],
  shipped: ['in_production'],
  cancelled: ['received', 'in_production'],
};

/** Where an order can go now: for a cancelled order, only back to the status it was cancelled from. */
export function allowedMoves(status: OrderStatus, cancelledFrom: OrderStatus | null): OrderStatus[] {
  if (status === 'cancelled') return [cancelledFrom ?? 'received'];
  return TRANSITIONS[status];
}

const WORDS: Record<OrderStatus, string> = {
  received: 'received',
  in_production: 'in production',
  shipped: 'shipped',
  cancelled: 'cancelled',
};

export function transitionError(number: number, from: OrderStatus, to: OrderStatus, next = TRANSITIONS[from]): AppError {
  const why =
    from === to ? `order ${number} is already ${WORDS[from]}` : `order ${number} is ${WORDS[from]}; it cannot go to ${WORDS[to]}`;
  const options = next.length
    ? `From ${WORDS[from]} it can go to: ${next.map((s) => WORDS[s]).join(', ')}.`
    : `${WORDS[from]} is final.`;
  return AppError.conflict('invalid_transition', `${why}. ${options}`, { from, to, allowed: next });
}

const COUNT_CAP = 10_000;

export class SalesService {
  constructor(
    readonly repo: SalesRepository,
    private readonly catalog: CatalogRepository,
  ) {}

  async list(query: ListQuery) {
    const q = await this.repo.withProductNames(query);
    const desc = q.sort.startsWith('-');
    const sort = q.sort.replace(/^-/, '') as SortKey;
    const after = q.cursor ? decodeCursor(q.cursor, sort) : null;
    if (q.cursor && !after) throw new AppError(400, 'invalid_cursor', 'the cursor is not one this server gave');
    // How the free text is looked for, decided once for the page and its count.
    const search = this.repo.searchMode(q);
    // One extra row tells whether there is a next page without counting.
    const rows = await this.repo.page(q, sort, desc, q.limit + 1, after, search);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    const count = q.count ? await this.repo.count(q, COUNT_CAP + 1, search) : undefined;
    const names = await this.repo.productNames();
    return {
      orders: page.map((r) => ({
        id: r.id,
        number: Number(r.number),
        createdAt: r.created_at,
        customerName: r.customer_name,
        customerEmail: r.customer_email,
        productId: r.product_id,
        productName: names.get(`${r.product_id}@${r.catalog_version}`) ?? r.product_id,
        version: r.catalog_version,
        variantCode: r.variant_code,
        quantity: r.quantity,
        total: Number(r.total),
        currency: r.currency,
        status: r.status,
        source: r.source,
        externalRef: r.external_ref,
      })),
      nextCursor: more && last ? encodeCursor({ v: this.repo.sortValue(last, sort), n: Number(last.number) }) : null,
      ...(count === undefined ? {} : { count: Math.min(count, COUNT_CAP), countCapped: count > COUNT_CAP }),
    };
  }

  async detail(id: string, locale = 'en'): Promise<SalesOrderDetail> {
    const o = await this.repo.findOrder(id);
    if (!o) throw AppError.notFound('no such order');
    const version = await this.catalog.getVersion(o.product_id, o.catalog_version);
    const configuration = JSON.parse(o.configuration) as Record<string, string | null>;
    const history = await this.repo.history(id);
    return {
      trackingNumber: o.tracking_number,
      carrier: o.carrier,
      id: o.id,
      number: Number(o.number),
      createdAt: o.created_at,
      updatedAt: o.updated_at,
      status: o.status,
      allowedTransitions: allowedMoves(o.status, cancelledFrom(history)),
      productId: o.product_id,
      productName: version?.product.name ?? o.product_id,
      version: o.catalog_version,
      variantCode: o.variant_code,
      quantity: o.quantity,
      unitPrice: Number(o.unit_price),
      total: Number(o.total),
      currency: o.currency,
      price: JSON.parse(o.price),
      configuration,
      lines: describeConfiguration(version?.product, configuration, locale),
      customer: {
        name: o.customer_name,
        email: o.customer_email,
        ...(o.customer_address ? { address: JSON.parse(o.customer_address) as unknown } : {}),
      },
      snapshotUrl: o.has_snapshot ? `/api/orders/${o.id}/snapshot.png` : null,
      source: o.source,
      externalRef: o.external_ref,
      configurationId: o.configuration_id,
      productionSheetUrl: `/api/sales/orders/${o.id}/production-sheet.pdf`,
      assetBase: assetBase(o.product_id, o.catalog_version),
      product: version?.product ?? null,
      // The order itself is the first entry: placed by the customer, received.
      history: [
        { from: null, to: 'received', at: o.created_at, by: null, note: null },
        ...history.map((h) => ({ from: h.from_status, to: h.to_status, at: h.created_at, by: h.changed_by_email, note: h.note })),
      ],
    };
  }

  async changeStatus(
    id: string,
    to: SalesStatus,
    by: { id: string; email: string },
    note: string | null,
    shipment?: { trackingNumber: string | null; carrier: string | null },
    locale = 'en',
  ) {
    const o = await this.repo.findOrder(id);
    if (!o) throw AppError.notFound('no such order');
    const allowed = allowedMoves(o.status, o.status === 'cancelled' ? cancelledFrom(await this.repo.history(id)) : null);
    if (!allowed.includes(to)) throw transitionError(Number(o.number), o.status, to, allowed);
    const at = new Date().toISOString();
    const product = (await this.catalog.getVersion(o.product_id, o.catalog_version))?.product;
    const shipped = to === 'shipped' ? (shipment ?? { trackingNumber: null, carrier: null }) : undefined;
    const changed = await this.repo.changeStatus(
      { orderId: id, from: o.status, to, by, note, at, shipment: shipped },
      async (tx) => {
        await enqueue(tx, 'order.status_changed', id, {
          order: orderPayload(
            {
              ...o,
              status: to,
              tracking_number: shipped ? shipped.trackingNumber : o.status === 'shipped' ? null : o.tracking_number,
              carrier: shipped ? shipped.carrier : o.status === 'shipped' ? null : o.carrier,
            },
            product,
          ),
          previousStatus: o.status,
          changedBy: by.email,
          changedAt: at,
        });
        // The customer's e-mail about it, when order e-mails are on (orders/orderEmails.ts).
        await queueStatusEmail(tx, o, to, at);
      },
    );
    if (!changed) {
      const now = await this.repo.findOrder(id);
      throw AppError.conflict(
        'status_changed_meanwhile',
        `order ${Number(o.number)} was changed by someone else meanwhile (it is now ${WORDS[now?.status ?? o.status]}); reload it`,
      );
    }
    return this.detail(id, locale);
  }
}

/** The status a cancelled order was cancelled from: the latest move into "cancelled". */
function cancelledFrom(history: { from_status: string | null; to_status: string }[]): OrderStatus | null {
  for (let i = history.length - 1; i >= 0; i--)
    if (history[i]!.to_status === 'cancelled') return history[i]!.from_status as OrderStatus | null;
  return null;
}
