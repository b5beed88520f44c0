import { PRODUCT_FORMAT } from '../../catalog/index.js';

/**
 * The starting document of a product made from scratch: the smallest product that parses,
 * so the forms have something to edit. It cannot be published until a model is uploaded.
 */
export function blankProduct(id: string, name?: string): Record<string, unknown> {
  const title = name ?? id;
  return {
    formatVersion: PRODUCT_FORMAT,
    id,
    name: { en: title, nl: title },
    description: { en: 'A new product', nl: 'Een nieuw product' },
    currency: 'EUR',
    basePrice: 10000,
    skuPrefix:
      id
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 3)
        .toUpperCase() || 'NEW',
    model: { file: `${id}.glb` },
    steps: [{ id: 'look', label: { en: 'Look', nl: 'Uiterlijk' }, attributes: ['colour'] }],
    attributes: [
      {
        id: 'colour',
        kind: 'colour',
        label: { en: 'Colour', nl: 'Kleur' },
        target: { materials: ['body'] },
        options: [{ id: 'black', label: { en: 'Black', nl: 'Zwart' }, hex: '#202020' }],
      },
    ],
    defaults: { colour: 'black' },
    rules: [],
  };
}
