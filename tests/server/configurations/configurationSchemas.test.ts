import { describe, expect, it } from 'vitest';
import { ConfigurationRequest } from '../../../server/configurations/configurationSchemas.js';
import { ConfigurationOrderRequest, isConfigurationOrder } from '../../../server/orders/orderSchemas.js';

const customer = { name: 'Ann', email: 'ann@example.com' };
const id = 'AbCdEfGhIjKlMnOpQrStUv';

describe('configuration schemas', () => {
  it('an order names a configuration by the key alone', () => {
    expect(isConfigurationOrder({ configurationId: id })).toBe(true);
    expect(isConfigurationOrder({ configurationId: undefined })).toBe(true); // then refused by the schema
    expect(isConfigurationOrder({ productId: 'mug', version: 1, choices: {} })).toBe(false);
    expect(isConfigurationOrder(JSON.parse('{"__proto__":{"configurationId":"x"}}'))).toBe(false);
    for (const v of [null, undefined, [], 'configurationId', 1]) expect(isConfigurationOrder(v)).toBe(false);
  });

  it('an order of a configuration takes a quantity, a customer and a shop reference, and nothing else', () => {
    const ok = ConfigurationOrderRequest.safeParse({ configurationId: id, quantity: 3, customer, externalRef: '  1001/2 ' });
    expect(ok.success && ok.data.externalRef).toBe('1001/2');
    expect(ConfigurationOrderRequest.safeParse({ configurationId: id, quantity: 1, customer }).success).toBe(true);
    const bad = [
      { configurationId: 'short', quantity: 1, customer },
      { configurationId: id, quantity: 0, customer },
      { configurationId: id, quantity: 1001, customer },
      { configurationId: id, quantity: 1, customer, externalRef: '' },
      { configurationId: id, quantity: 1, customer, externalRef: 'a'.repeat(201) },
      { configurationId: id, quantity: 1, customer, externalRef: 'line\u0000two' },
      { configurationId: id, quantity: 1, customer, externalRef: 'line\ntwo' },
      { configurationId: id, quantity: 1, customer, choices: { colour: 'gold' } },
      { configurationId: id, quantity: 1, customer, total: 1 },
      { configurationId: id, quantity: 1, customer, version: 2 },
    ];
    for (const b of bad) expect(ConfigurationOrderRequest.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });

  it('saving takes the choices only: no price, total or completed configuration', () => {
    expect(ConfigurationRequest.safeParse({ productId: 'mug', version: 1, choices: { colour: 'gold' } }).success).toBe(true);
    for (const extra of [{ total: 1 }, { price: {} }, { configuration: {} }, { variantCode: 'X' }])
      expect(ConfigurationRequest.safeParse({ productId: 'mug', version: 1, choices: {}, ...extra }).success).toBe(false);
    expect(
      ConfigurationRequest.safeParse({ productId: 'mug', version: 1, choices: {}, snapshot: 'data:image/gif;base64,AA' }).success,
    ).toBe(false);
  });
});
