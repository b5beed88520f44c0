import { afterAll, describe, expect, it } from 'vitest';
import { cheapestPrice } from '../../../catalog/pricing/cheapestPrice.js';
import { CompileWorkers } from '../../../server/engine/compileWorkers.js';
import { EngineService } from '../../../server/engine/engineService.js';
import { syntheticProduct } from '../../bench/syntheticProduct.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { parsed } from '../harness.js';

describe('the "from" price is found in the compile worker, not on the server thread', () => {
  const workers = new CompileWorkers({ memoryMb: 512 });
  const engine = new EngineService(workers, { budgetMs: 20_000, memoryMb: 512 });
  afterAll(async () => engine.close());

  it('answers with the compile the cheapest valid configuration, as the engine finds it here', async () => {
    const products = [
      parsed(miniProduct()),
      // Rules across groups (what the tree form is for), with price rules.
      parsed({ ...syntheticProduct({ attributes: 60, options: 6, rules: 90, seed: 3, longRange: 0.1 }), id: 'tangled' }),
    ];
    for (const product of products) {
      const outcome = await engine.compile(product);
      expect(outcome.ok, JSON.stringify(outcome).slice(0, 300)).toBe(true);
      if (!outcome.ok) continue;
      if (product.id === 'mini-mug') expect(outcome.fromPrice).toBe(1500); // white, gloss, round, small, no text
      // The same answer from a fresh object of the same product, computed on this thread.
      expect(outcome.fromPrice).toBe(cheapestPrice(parsed(JSON.parse(JSON.stringify(product)))));
    }
  });
});
