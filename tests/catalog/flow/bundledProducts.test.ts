import { describe, expect, it } from 'vitest';
import type { ConfiguratorEvent } from '../../../catalog/flow/types.js';
import { bundledFiles, loadBundled } from '../../fixtures/bundledProducts.js';
import { createHarness } from '../../harness/configuratorHarness.js';
import { allEvents, checkState, fingerprint } from './modelSupport.js';
import { hasValue, sampleText, validConfigurations } from './oracle.js';
import { rng } from './randomProduct.js';

/**
 * Seeded random walks through the configurator of each bundled product: in every state the
 * configuration is valid and keeps the explicit choices, and an option can be picked exactly
 * when some valid configuration (brute force) has it.
 */
describe.each(bundledFiles)('configurator on the bundled %s', (file) => {
  it('random walks stay valid and offer exactly the possible options', () => {
    const product = loadBundled(file);
    const valid = validConfigurations(product);
    expect(valid.length).toBeGreaterThan(0);
    const possible = new Set<string>();
    for (const c of valid)
      for (const a of product.attributes) possible.add(`${a.id}=${a.kind === 'text' && c[a.id] !== null ? 'text' : c[a.id]}`);
    const events = allEvents(product, { withOrders: false });
    for (let walk = 0; walk < 4; walk++) {
      const next = rng(walk + 1);
      const h = createHarness(product);
      for (let i = 0; i < 60; i++) {
        const event = events[Math.floor(next() * events.length)]!;
        const before = fingerprint(h.snapshot);
        if (!h.send(event)) expect(fingerprint(h.snapshot)).toBe(before);
        checkState(product, h.snapshot);
        if (!h.snapshot.matches('configuring')) continue;
        for (const a of product.attributes) {
          const values = a.kind === 'text' ? [null, sampleText(product, a.id)] : [null, ...a.options.map((o) => o.id)];
          for (const v of values) {
            const e: ConfiguratorEvent =
              a.kind === 'text'
                ? { type: 'text.set', attr: a.id, text: v ?? '' }
                : { type: 'option.select', attr: a.id, option: v };
            const key = `${a.id}=${a.kind === 'text' && v !== null ? 'text' : v}`;
            expect(h.can(e), key).toBe((a.optional || v !== null) && possible.has(key));
          }
        }
        for (const [attr, v] of Object.entries(h.choices))
          expect(hasValue(h.configuration, attr, v, product.attributes.find((a) => a.id === attr)!.kind === 'text')).toBe(true);
      }
      h.stop();
    }
  });
});
