import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { createConfiguratorMachine } from '../../../catalog/flow/configuratorMachine.js';
import {
  canRedo,
  canUndo,
  selectConfigCode,
  selectOptionState,
  selectPendingConflict,
  selectTotal,
} from '../../../catalog/flow/selectors.js';
import { decodeConfigCode } from '../../../catalog/flow/configCode.js';
import type { OrderRequest, OrderResult } from '../../../catalog/flow/types.js';
import { parseProduct, type Product, type ProductInput } from '../../../catalog/index.js';
import { validate } from '../../../catalog/configuration/validate.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createHarness } from '../../harness/configuratorHarness.js';
import { customer } from './modelSupport.js';

function parsed(input: ProductInput): Product {
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
}

/** The mug with gold taken off the market by a rule: a dead option. */
function mugWithoutGold(): ProductInput {
  const p = miniProduct();
  p.rules!.push({ id: 'no-gold', kind: 'restrict', message: 'Gold is sold out', attr: 'colour', to: ['white', 'black'] });
  return p;
}

/**
 * A small order service: records an order once per idempotency key and, when told to, loses
 * the answer after recording (as a dropped connection would).
 */
function orderService() {
  const orders = new Map<string, OrderResult & { request: OrderRequest }>();
  const received: OrderRequest[] = [];
  let failures: ('before' | 'after')[] = [];
  return {
    orders,
    received,
    failNext: (...f: ('before' | 'after')[]) => (failures = f),
    submit: async (request: OrderRequest): Promise<OrderResult> => {
      received.push(request);
      const fail = failures.shift();
      if (fail === 'before') throw Object.assign(new Error('The order service is unavailable.'), { code: 'unavailable' });
      if (!orders.has(request.idempotencyKey)) orders.set(request.idempotencyKey, { id: `order-${orders.size + 1}`, request });
      if (fail === 'after') throw new Error('Network error');
      return { id: orders.get(request.idempotencyKey)!.id };
    },
  };
}

describe('configurator machine', () => {
  it('starts from the defaults, priced', () => {
    const h = createHarness(miniProduct());
    expect(h.state).toBe('configuring');
    expect(h.configuration).toEqual({ colour: 'white', finish: 'gloss', handle: 'round', size: 'small', 'name-text': null });
    expect(h.total).toBe(1500);
    expect(h.choices).toEqual({});
  });

  it('refuses an impossible option: it never enters the context', () => {
    const h = createHarness(mugWithoutGold());
    const state = h.optionState('colour', 'gold');
    expect(state).toMatchObject({ state: 'impossible' });
    expect(state?.state === 'impossible' && state.reasons.map((r) => r.id)).toEqual(['no-gold']);
    expect(h.select('colour', 'gold')).toBe(false);
    h.actor.send({ type: 'option.select', attr: 'colour', option: 'gold' }); // sent regardless of can()
    expect(h.configuration.colour).toBe('white');
    expect(h.choices).toEqual({});
    expect(h.path).toEqual(['configuring']);
    // Unknown options and attributes, and "none" for a required attribute, are refused too.
    expect(h.select('colour', 'purple')).toBe(false);
    expect(h.select('nope', 'x')).toBe(false);
    expect(h.select('size', null)).toBe(false);
  });

  it('refuses an invalid text and takes a valid one', () => {
    const h = createHarness(miniProduct());
    expect(h.type('name-text', 'Anna!')).toBe(false);
    expect(h.type('name-text', 'A'.repeat(13))).toBe(false);
    expect(h.type('colour', 'Anna')).toBe(false);
    expect(h.configuration['name-text']).toBeNull();
    expect(h.type('name-text', 'Anna')).toBe(true);
    expect(h.configuration['name-text']).toBe('Anna');
    expect(h.total).toBe(2000);
    expect(h.type('name-text', '')).toBe(true);
    expect(h.choices['name-text']).toBeNull();
    expect(h.total).toBe(1500);
  });

  it('goes through a conflict: the proposal is shown, accept applies it, undo takes it back in one step', () => {
    const h = createHarness(miniProduct());
    h.select('finish', 'matte');
    expect(h.optionState('colour', 'gold')).toMatchObject({
      state: 'conflict',
      changes: [{ attr: 'finish', from: 'matte', to: 'gloss' }],
    });
    expect(h.select('colour', 'gold')).toBe(true);
    expect(h.state).toBe('resolvingConflict');
    const pending = selectPendingConflict(h.snapshot)!;
    expect(pending.reasons.map((r) => r.id)).toEqual(['gold-is-gloss']);
    expect(pending.evaluation.configuration).toMatchObject({ colour: 'gold', finish: 'gloss' });
    expect(pending.evaluation.price.total).toBe(1500 + 900);
    // Nothing changes until the consumer answers, and nothing else can be done meanwhile.
    expect(h.configuration).toMatchObject({ colour: 'white', finish: 'matte' });
    expect(h.select('size', 'large')).toBe(false);
    expect(h.undo()).toBe(false);
    expect(h.accept()).toBe(true);
    expect(h.state).toBe('configuring');
    expect(h.choices).toEqual({ finish: 'gloss', colour: 'gold' });
    expect(validate(h.product, h.configuration).ok).toBe(true);
    expect(h.undo()).toBe(true);
    expect(h.choices).toEqual({ finish: 'matte' });
    expect(h.path).toEqual(['configuring', 'resolvingConflict', 'configuring']);
  });

  it('cancels a conflict without any change', () => {
    const h = createHarness(miniProduct());
    h.select('finish', 'matte');
    const before = h.snapshot.context;
    h.select('colour', 'gold');
    expect(h.cancel()).toBe(true);
    expect(h.state).toBe('configuring');
    expect(h.choices).toBe(before.choices);
    expect(h.snapshot.context.past).toEqual(before.past);
    expect(selectPendingConflict(h.snapshot)).toBeNull();
  });

  it('undo and redo round-trip through every step; a new change clears redo', () => {
    const h = createHarness(miniProduct());
    const seen = [h.choices];
    const steps = [
      () => h.select('size', 'large'),
      () => h.select('handle', null),
      () => h.select('colour', 'black'),
      () => h.type('name-text', 'B'),
      () => h.type('name-text', 'Bo'), // keystrokes in one field are one undo step
      () => h.type('name-text', 'Bob'),
      () => h.clear('size'),
      () => h.reset(),
    ];
    for (const step of steps) {
      expect(step()).toBe(true);
      seen.push(h.choices);
    }
    const undoable = [seen[0], seen[1], seen[2], seen[3], seen[6], seen[7], seen[8]];
    const totals: number[] = [];
    for (let i = undoable.length - 1; i > 0; i--) {
      expect(h.choices).toEqual(undoable[i]);
      totals.push(selectTotal(h.snapshot));
      expect(h.undo()).toBe(true);
    }
    expect(h.choices).toEqual(undoable[0]);
    expect(canUndo(h.snapshot)).toBe(false);
    for (let i = 1; i < undoable.length; i++) {
      expect(h.redo()).toBe(true);
      expect(h.choices).toEqual(undoable[i]);
      expect(validate(h.product, h.configuration).ok).toBe(true);
    }
    expect(canRedo(h.snapshot)).toBe(false);
    h.undo();
    h.undo();
    expect(canRedo(h.snapshot)).toBe(true);
    h.select('finish', 'matte');
    expect(canRedo(h.snapshot)).toBe(false);
    expect(totals.length).toBe(undoable.length - 1);
  });

  it('a text typed again as it was does not merge the next keystrokes into an older undo step', () => {
    const h = createHarness(miniProduct());
    h.type('name-text', 'Bob');
    h.select('colour', 'black');
    expect(h.type('name-text', 'Bob')).toBe(true);
    h.type('name-text', 'Bo');
    h.undo();
    expect(h.choices).toEqual({ 'name-text': 'Bob', colour: 'black' });
  });

  it('moves between steps, within the steps of the product', () => {
    const h = createHarness(miniProduct());
    expect(h.step).toBe('look');
    expect(h.previous()).toBe(false);
    expect(h.next()).toBe(true);
    expect(h.step).toBe('size-step');
    expect(h.next()).toBe(false);
    expect(h.goTo('look')).toBe(true);
    expect(h.goTo('nowhere')).toBe(false);
    expect(h.step).toBe('look');
    // Steps are navigation: they are not undo steps.
    h.select('size', 'large');
    h.next();
    h.undo();
    expect(h.step).toBe('size-step');
    expect(h.choices).toEqual({});
  });

  it('refuses reset, clear, undo and redo when there is nothing to do', () => {
    const h = createHarness(miniProduct());
    expect(h.reset()).toBe(false);
    expect(h.clear('colour')).toBe(false);
    expect(h.undo()).toBe(false);
    expect(h.redo()).toBe(false);
  });

  it('orders: the request carries the choices, and the price shown stays with the configurator', async () => {
    const svc = orderService();
    const h = createHarness(miniProduct(), { submitOrder: svc.submit, version: 7 });
    h.select('size', 'large');
    h.select('colour', 'black');
    h.type('name-text', 'Ada');
    expect(h.review()).toBe(true);
    expect(h.select('size', 'small')).toBe(false); // no changes while reviewing
    expect(await h.submit(customer, 3, 'data:image/png;base64,AAAA')).toBe('ordered');
    const req = svc.received[0]!;
    // Exactly the wire body of POST /api/orders: no price or configuration (the server makes them).
    expect(req.body).toEqual({
      productId: 'mini-mug',
      version: 7,
      choices: { size: 'large', colour: 'black', 'name-text': 'Ada' },
      quantity: 3,
      customer,
      snapshot: 'data:image/png;base64,AAAA',
    });
    expect(req.idempotencyKey).toBe(h.snapshot.context.idempotencyKey);
    expect(h.snapshot.context.evaluation.price.total).toBe(1500 + 200 + 300 + 500 - 150);
    expect(h.snapshot.context.order).toEqual({ id: 'order-1' });
    expect(h.path).toEqual(['configuring', 'reviewing', 'submitting', 'ordered']);
    // Starting over gives a fresh configurator.
    expect(h.reset()).toBe(true);
    expect(h.state).toBe('configuring');
    expect(h.choices).toEqual({});
    expect(h.snapshot.context.order).toBeNull();
    expect(canUndo(h.snapshot)).toBe(false);
  });

  it('refuses an order of a bad quantity', () => {
    const h = createHarness(miniProduct());
    h.review();
    for (const quantity of [0, -1, 1.5, 1001, Number.NaN])
      expect(h.can({ type: 'order.submit', customer, quantity })).toBe(false);
    expect(h.can({ type: 'order.submit', customer, quantity: 1 })).toBe(true);
  });

  it('a failed order goes back to review with the error, the configuration and the idempotency key kept', async () => {
    const svc = orderService();
    let keys = 0;
    const h = createHarness(miniProduct(), { submitOrder: svc.submit, createIdempotencyKey: () => `key-${++keys}` });
    h.select('colour', 'black');
    h.review();
    const config = h.configuration;
    svc.failNext('before', 'after');
    expect(await h.submit(customer, 1)).toBe('reviewing');
    expect(h.snapshot.context.error).toEqual({
      kind: 'order',
      message: 'The order service is unavailable.',
      code: 'unavailable',
    });
    expect(h.configuration).toBe(config);
    expect(h.snapshot.context.idempotencyKey).toBe('key-1');
    // The second attempt is recorded but its answer is lost; the third must not order again.
    expect(await h.submit(customer, 1)).toBe('reviewing');
    expect(h.snapshot.context.error?.message).toBe('Network error');
    expect(await h.submit(customer, 1)).toBe('ordered');
    expect(svc.received.map((r) => r.idempotencyKey)).toEqual(['key-1', 'key-1', 'key-1']);
    expect(svc.orders.size).toBe(1);
    expect(h.snapshot.context.order?.id).toBe('order-1');
    expect(h.snapshot.context.error).toBeNull();
  });

  it('a changed configuration is a new order with a new key', async () => {
    const svc = orderService();
    let keys = 0;
    const h = createHarness(miniProduct(), { submitOrder: svc.submit, createIdempotencyKey: () => `key-${++keys}` });
    h.review();
    svc.failNext('before');
    await h.submit(customer, 1);
    expect(h.back()).toBe(true);
    h.select('size', 'large');
    expect(h.snapshot.context.idempotencyKey).toBeNull();
    h.review();
    await h.submit(customer, 1);
    expect(svc.received.map((r) => r.idempotencyKey)).toEqual(['key-1', 'key-2']);
  });

  it('without an order service, submitting fails into review with a clear error', async () => {
    const h = createHarness(miniProduct());
    h.review();
    expect(await h.submit(customer, 1)).toBe('reviewing');
    expect(h.snapshot.context.error?.message).toMatch(/no order service/i);
  });

  it('takes the order call from machine.provide, as the app does', async () => {
    const product = parsed(miniProduct());
    const machine = createConfiguratorMachine(product, { version: 1 }).provide({
      actors: {
        submitOrder: fromPromise<OrderResult, OrderRequest>(async ({ input }) => ({
          id: `o-${input.body.version}-${input.body.quantity}`,
        })),
      },
    });
    const actor = createActor(machine).start();
    actor.send({ type: 'review.open' });
    actor.send({ type: 'order.submit', customer, quantity: 1 });
    const s = await waitFor(actor, (x) => x.matches('ordered'));
    expect(s.context.order).toEqual({ id: 'o-1-1' });
    actor.stop();
  });

  it('starts from a share code and refuses starting choices that do not hold', () => {
    const a = createHarness(miniProduct());
    a.select('size', 'large');
    a.select('handle', null);
    a.type('name-text', 'Jo');
    const code = selectConfigCode(a.snapshot);
    const b = createHarness(miniProduct(), { code });
    expect(b.choices).toEqual(a.choices);
    expect(b.configuration).toEqual(a.configuration);
    expect(decodeConfigCode(code, b.product, 1)).toMatchObject({ ok: true, dropped: [] });
    expect(() => createHarness(miniProduct(), { initialChoices: { size: 'small', handle: null } })).toThrow(
      /no valid configuration/,
    );
  });

  it('option-state selectors return the engine state and keep identity while nothing changes', () => {
    const h = createHarness(miniProduct());
    const sel = selectOptionState('colour', 'black');
    const first = sel(h.snapshot);
    expect(first).toEqual({ state: 'available' });
    h.back(); // refused: no new snapshot content
    expect(sel(h.snapshot)).toBe(first);
    h.select('handle', 'square');
    expect(selectOptionState('size', 'small')(h.snapshot)).toEqual({ state: 'available' });
  });
});
