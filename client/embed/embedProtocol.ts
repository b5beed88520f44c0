/**
 * The messages between the embed script on a shop's page (client/embed/maatwerkEmbed.ts, served as
 * /embed.js) and the embedded configurator (/embed/p/:productId). Every message is an object
 * with `maatwerk: EMBED_PROTOCOL`; each side posts with the other's exact origin as the target
 * and accepts only messages from the other's window and origin. A change that breaks an old
 * /embed.js gets a new protocol number (and the frame keeps answering the old one).
 */
export const EMBED_PROTOCOL = 1;

/** What a shop's page hears about a change of the configuration (`maatwerk-change`). */
export interface EmbedChange {
  productId: string;
  version: number;
  /** The consumer's explicit choices (attribute id → option id, null, or a text). */
  choices: Record<string, string | null>;
  /** The share code of the choices: `setChoices(code)` and the `choices` attribute take it. */
  code: string;
  /** False while the consumer is asked to confirm a change of other choices. */
  valid: boolean;
  /** The unit price in minor units (cents), as the server will price it. */
  total: number;
  currency: string;
  variantCode: string;
}

/** What a shop's page gets when the consumer adds the product to the cart (`maatwerk-add-to-cart`). */
export interface EmbedAddToCart {
  /** The saved configuration: GET /api/configurations/:id, or order it with POST /api/orders. */
  configurationId: string;
  productId: string;
  version: number;
  variantCode: string;
  total: number;
  currency: string;
  /** "Colour: Black; Size: Large; …" in the element's locale, for the cart line. */
  summary: string;
  /** Absolute URL of the PNG the consumer saw, or null. */
  snapshotUrl: string | null;
  expiresAt: string;
}

export type FrameMessage =
  | { maatwerk: 1; type: 'ready'; detail: EmbedChange }
  | { maatwerk: 1; type: 'change'; detail: EmbedChange }
  | { maatwerk: 1; type: 'add-to-cart'; detail: EmbedAddToCart }
  | { maatwerk: 1; type: 'error'; detail: { code: string; message: string } }
  | { maatwerk: 1; type: 'resize'; height: number };

export type HostMessage = { maatwerk: 1; type: 'set-choices'; code: string } | { maatwerk: 1; type: 'reset' };
