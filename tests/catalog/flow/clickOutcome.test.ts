import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NONE_KEY } from '../../../catalog/index.js';
import { selectOutcomes } from '../../../catalog/flow/selectors.js';
import type { ConfiguratorEvent } from '../../../catalog/flow/types.js';
import { bundledFiles, loadBundled } from '../../fixtures/bundledProducts.js';
import { createHarness } from '../../harness/configuratorHarness.js';
import { allEvents } from './modelSupport.js';

const product = loadBundled;
/**
 * The property of issue #15: no click changes the total or another attribute without the
 * option's announcement (what the UI shows before the click, from selectOutcomes) having named
 * that change first. Random sequences of every event the UI can send over each bundled product;
 * every option click is checked against its announcement, conflicts through the dialog's list.
 */
describe.each(bundledFiles)('announced consequences on the bundled %s', (file) => {
  const p = product(file);
  const events = allEvents(p, { withOrders: false });
  const clicks = events.filter((e) => e.type === 'option.select');

  it('every click does exactly what its option announced', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(events.length - 1), { maxLength: 30 }), fc.nat(clicks.length - 1), (walk, last) => {
        const h = createHarness(p);
        const steps: ConfiguratorEvent[] = [...walk.map((i) => events[i]!), clicks[last]!];
        for (const event of steps) {
          if (h.snapshot.matches('resolvingConflict')) h.accept();
          if (event.type !== 'option.select' || !h.snapshot.matches('configuring')) {
            h.send(event);
            continue;
          }
          const before = h.snapshot.context;
          const announced = selectOutcomes(event.attr)(h.snapshot)[event.option ?? NONE_KEY];
          const took = h.send(event);
          if (!announced) {
            // Not offered (impossible) or already the explicit choice: nothing may change.
            expect(h.configuration).toEqual(before.evaluation.configuration);
            expect(h.total).toBe(before.evaluation.price.total);
            continue;
          }
          expect(took).toBe(true);
          if (announced.state === 'conflict') {
            expect(h.snapshot.matches('resolvingConflict')).toBe(true);
            // The dialog lists exactly the announced changes, then accepting applies them.
            expect(h.snapshot.context.pending!.consequences).toEqual(announced.changes);
            h.accept();
          } else {
            expect(h.snapshot.matches('configuring')).toBe(true);
            // Changes of completed values only, and the inline notice names every one of them.
            expect(announced.changes.every((c) => !c.explicit)).toBe(true);
            expect(h.snapshot.context.notice?.changes ?? []).toEqual(announced.changes);
          }
          const after = h.configuration;
          const changed = p.attributes
            .filter((a) => a.id !== event.attr && after[a.id] !== before.evaluation.configuration[a.id])
            .map((a) => ({ attr: a.id, to: after[a.id] }));
          expect(changed).toEqual(announced.changes.map((c) => ({ attr: c.attr, to: c.to })));
          expect(after[event.attr]).toBe(event.option);
          expect(h.total - before.evaluation.price.total).toBe(announced.delta);
          expect(h.total).toBe(announced.total);
        }
        h.stop();
      }),
      { numRuns: 150, seed: 15 },
    );
  });
});

describe('announcements of the issue (chair, sneaker, watch)', () => {
  it('the chair Black swatch announces the fabric change to aniline leather with the price', () => {
    const h = createHarness(product('lounge-chair.json'));
    const black = selectOutcomes('colour')(h.snapshot).black!;
    expect(black.state).toBe('available');
    expect(black.changes).toEqual([{ attr: 'fabric', from: 'boucle', to: 'leather', explicit: false }]);
    expect(black.delta).toBe(45000);
    h.select('colour', 'black');
    // Applied at once (a default changed), with the inline notice naming it.
    expect(h.snapshot.context.notice?.changes).toEqual(black.changes);
    expect(h.undo()).toBe(true);
    expect(h.snapshot.context.notice).toBeNull();
    h.stop();
  });

  it('suede on the sneaker announces the toe cap, "none" on the watch the strap colour', () => {
    const sneaker = createHarness(product('sneaker.json'));
    const suede = selectOutcomes('upper-material')(sneaker.snapshot).suede!;
    expect(suede.changes).toEqual([{ attr: 'toe-cap', from: 'toe-cap-rubber', to: 'toe-cap-overlay', explicit: false }]);
    expect(suede.delta).toBe(3000); // suede +€20 and the overlay toe cap +€10
    // Chosen explicitly first, the toe cap becomes a conflict announced the same way.
    sneaker.select('toe-cap', 'toe-cap-rubber');
    const again = selectOutcomes('upper-material')(sneaker.snapshot).suede!;
    expect(again.state).toBe('conflict');
    expect(again.changes).toEqual([{ attr: 'toe-cap', from: 'toe-cap-rubber', to: 'toe-cap-overlay', explicit: true }]);
    sneaker.stop();
    const watch = createHarness(product('wristwatch.json'));
    const none = selectOutcomes('strap-colour')(watch.snapshot)[NONE_KEY]!;
    expect(none.changes).toEqual([{ attr: 'strap', from: 'strap-leather', to: 'strap-bracelet', explicit: false }]);
    expect(none.delta).toBe(9000);
    watch.stop();
  });
});
