import {
  describeConfiguration,
  fillPlaceholders,
  formatMoney,
  localizeText,
  type OrderStatus,
  type Product,
} from '../../catalog/index.js';

export type MailLocale = 'en' | 'nl';

const WORDS = {
  en: {
    receivedSubject: 'Your order {number} is received',
    statusSubject: 'Your order {number}: {status}',
    hello: 'Dear {name},',
    received: 'Thank you for your order. We have received it and will make it for you.',
    status: 'The status of your order is now: {status}.',
    number: 'Order number',
    product: 'Product',
    quantity: 'Quantity',
    total: 'Total',
    variant: 'Variant code',
    configuration: 'Your configuration',
    view: 'See your order',
    none: 'None',
    bye: 'Kind regards,\nMaatwerk',
    status_received: 'received',
    status_in_production: 'in production',
    status_shipped: 'shipped',
    status_cancelled: 'cancelled',
  },
  nl: {
    receivedSubject: 'Je bestelling {number} is ontvangen',
    statusSubject: 'Je bestelling {number}: {status}',
    hello: 'Beste {name},',
    received: 'Bedankt voor je bestelling. We hebben haar ontvangen en gaan haar voor je maken.',
    status: 'De status van je bestelling is nu: {status}.',
    number: 'Bestelnummer',
    product: 'Product',
    quantity: 'Aantal',
    total: 'Totaal',
    variant: 'Variantcode',
    configuration: 'Jouw configuratie',
    view: 'Bekijk je bestelling',
    none: 'Geen',
    bye: 'Met vriendelijke groet,\nMaatwerk',
    status_received: 'ontvangen',
    status_in_production: 'in productie',
    status_shipped: 'verzonden',
    status_cancelled: 'geannuleerd',
  },
} as const satisfies Record<MailLocale, Record<`status_${OrderStatus}`, string> & Record<string, string>>;

/** The customer's language for e-mails: what the order says, else English. */
export function mailLocale(v: string | null | undefined): MailLocale {
  return v === 'nl' ? 'nl' : 'en';
}

const fill = fillPlaceholders;

export interface MailOrder {
  id: string;
  number: number;
  customerName: string;
  productId: string;
  quantity: number;
  total: number;
  currency: string;
  variantCode: string;
  configuration: Record<string, string | null>;
  status: string;
}

/**
 * An order e-mail (received, or a status change) as plain text in the customer's language,
 * with the configuration in the labels of the order's catalog version when it is known.
 */
export function renderOrderEmail(
  kind: 'received' | 'status',
  order: MailOrder,
  product: Product | null,
  locale: MailLocale,
  publicUrl: string | undefined,
): { subject: string; text: string } {
  const w = WORDS[locale];
  const intl = locale === 'nl' ? 'nl-NL' : 'en-GB';
  const statusWord = (w as Record<string, string>)[`status_${order.status}`] ?? order.status;
  const number = String(order.number);
  const subject =
    kind === 'received' ? fill(w.receivedSubject, { number }) : fill(w.statusSubject, { number, status: statusWord });
  // The shopper's words for every value (catalog/describe), as the confirmation page shows them.
  const config = product
    ? describeConfiguration(product, order.configuration, locale).map((d) => `  ${d.label}: ${d.text}`)
    : Object.entries(order.configuration).map(([k, v]) => `  ${k}: ${v ?? w.none}`);
  const lines = [
    fill(w.hello, { name: order.customerName }),
    '',
    kind === 'received' ? w.received : fill(w.status, { status: statusWord }),
    '',
    `${w.number}: ${number}`,
    `${w.product}: ${product ? localizeText(product.name, locale) : order.productId}`,
    `${w.quantity}: ${order.quantity.toLocaleString(intl)}`,
    `${w.total}: ${formatMoney(order.total, order.currency, intl)}`,
    `${w.variant}: ${order.variantCode}`,
    '',
    `${w.configuration}:`,
    ...config,
    ...(publicUrl ? ['', `${w.view}: ${publicUrl}/order/${order.id}`] : []),
    '',
    w.bye,
  ];
  return { subject, text: lines.join('\n') + '\n' };
}
