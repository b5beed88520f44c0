import { describe, expect, it } from 'vitest';
import { getShortestPaths } from '@xstate/graph';
import { createConfiguratorMachine, type ConfiguratorSnapshot } from '../../../catalog/flow/configuratorMachine.js';
import type { ConfiguratorEvent } from '../../../catalog/flow/types.js';
import { parseProduct, type Product, type ProductInput } from '../../../catalog/index.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createHarness } from '../../harness/configuratorHarness.js';
import { allEvents, checkState, fingerprint, oracleFor, serialize } from './modelSupport.js';
import { randomProduct } from './randomProduct.js';

function parsed(input: ProductInput): Product {
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
}

const isSynthetic = (e: ConfiguratorEvent) => e.type.startsWith('xstate.');

/**
 * Walks the machine's state graph (states told apart by value, explicit choices, pending
 * proposal and history/order flags) and checks the invariants in every state reached. Then
 * replays the longest paths on a real actor through the harness and checks it ends in the
 * same place: the graph is the model, the running actor the system under test.
 */
function walk(product: Product, opts: { limit?: number; replay?: number } = {}) {
  const machine = createConfiguratorMachine(product, { version: 1, createIdempotencyKey: () => 'key-1' });
  const oracle = oracleFor(product);
  const paths = getShortestPaths(machine, {
    events: allEvents(product),
    serializeState: (s) => serialize(s as ConfiguratorSnapshot),
    limit: opts.limit ?? 200_000,
  });
  const values = new Set<string>();
  for (const p of paths) {
    const s = p.state as ConfiguratorSnapshot;
    values.add(JSON.stringify(s.value));
    checkState(product, s, oracle);
  }

  const replayable = paths.filter((p) => !p.steps.some((st) => isSynthetic(st.event as ConfiguratorEvent)));
  replayable.sort((a, b) => b.steps.length - a.steps.length);
  for (const p of replayable.slice(0, opts.replay ?? 25)) {
    const h = createHarness(product, { createIdempotencyKey: () => 'key-1' });
    for (const st of p.steps) {
      const before = fingerprint(h.snapshot);
      const took = h.send(st.event as ConfiguratorEvent);
      // An event the actor refused left it exactly where it was; one it took moved it as in the model.
      if (!took) expect(fingerprint(h.snapshot)).toBe(before);
      expect(fingerprint(h.snapshot)).toBe(fingerprint(st.state as ConfiguratorSnapshot));
    }
    expect(h.snapshot.context.evaluation.configuration).toEqual(
      (p.state as ConfiguratorSnapshot).context.evaluation.configuration,
    );
    h.stop();
  }
  return { paths, values };
}

describe('configurator machine, model-based', () => {
  it('mini product: every reachable state holds a valid configuration and offers exactly the possible options', () => {
    const { paths, values } = walk(parsed(miniProduct()));
    // All five states are reachable, and the walk covered many configurations.
    expect([...values].sort()).toEqual(['"configuring"', '"ordered"', '"resolvingConflict"', '"reviewing"', '"submitting"']);
    expect(paths.length).toBeGreaterThan(500);
  });

  it('random small products: the same invariants hold', () => {
    let walked = 0;
    for (let seed = 1; walked < 10 && seed < 200; seed++) {
      const product = parsed(randomProduct(seed));
      // Keep the graph small: it has one configuring state per set of explicit choices.
      const choiceSets = product.attributes.reduce(
        (n, a) => n * (a.kind === 'text' ? 3 : a.options.length + (a.optional ? 2 : 1)),
        1,
      );
      if (choiceSets > 150) continue;
      if (oracleFor(product).valid.length === 0) {
        // An unsatisfiable product has no configurator: creating one says so.
        expect(() => createConfiguratorMachine(product, { version: 1 })).toThrow(/no valid configuration/);
        continue;
      }
      walk(product, { replay: 5 });
      walked++;
    }
    expect(walked).toBe(10);
  });
});
