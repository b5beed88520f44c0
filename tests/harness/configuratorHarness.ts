import { createActor, waitFor, type StateValue } from 'xstate';
import {
  createConfiguratorMachine,
  type ConfiguratorMachineOptions,
  type ConfiguratorSnapshot,
} from '../../catalog/flow/configuratorMachine.js';
import type { ConfiguratorEvent, OrderCustomer, OrderRequest, OrderResult } from '../../catalog/flow/types.js';
import { selectOptionState } from '../../catalog/flow/selectors.js';
import { decodeConfigCode, type DecodedConfigCode } from '../../catalog/flow/configCode.js';
import { parseProduct, type Choices, type Configuration, type Product, type ProductInput } from '../../catalog/index.js';
import type { OptionState } from '../../catalog/rules/types.js';

/**
 * A headless configurator for tests: the real machine and the real engine, driven by events
 * the way the UI sends them, with the state read back the way the UI reads it. Each command
 * says whether the machine took the event (what `snapshot.can` told the UI beforehand).
 */
export interface HarnessOptions {
  /** Catalog version; 1 by default. */
  version?: number;
  initialChoices?: Choices;
  /** Start from a share code (decoded against this product and version; throws if unreadable). */
  code?: string;
  /** The real order call to use (e.g. one that posts to a test server). */
  submitOrder?: (request: OrderRequest, signal: AbortSignal) => Promise<OrderResult>;
  createIdempotencyKey?: () => string;
}

export interface Harness {
  readonly product: Product;
  readonly actor: ReturnType<typeof createActor<ReturnType<typeof createConfiguratorMachine>>>;
  /** The decoded share code when started from one. */
  readonly decoded: DecodedConfigCode | null;
  /** Sends the event if the machine can take it; returns whether it did. */
  send(event: ConfiguratorEvent): boolean;
  select(attr: string, option: string | null): boolean;
  type(attr: string, text: string): boolean;
  clear(attr: string): boolean;
  accept(): boolean;
  cancel(): boolean;
  undo(): boolean;
  redo(): boolean;
  reset(): boolean;
  goTo(step: string): boolean;
  next(): boolean;
  previous(): boolean;
  review(): boolean;
  back(): boolean;
  /** Submits and waits until the order call settled; returns the state reached. */
  submit(customer: OrderCustomer, quantity: number, snapshot?: string): Promise<StateValue>;
  can(event: ConfiguratorEvent): boolean;
  readonly snapshot: ConfiguratorSnapshot;
  readonly state: StateValue;
  /** The step the consumer is on. */
  readonly step: string;
  readonly choices: Choices;
  readonly configuration: Configuration;
  readonly total: number;
  optionState(attr: string, option: string | null): OptionState | undefined;
  /** Every state value entered since the start, the initial one first (repeats kept). */
  readonly path: string[];
  stop(): void;
}

function productOf(input: Product | ProductInput): Product {
  const r = parseProduct(input);
  if (!r.ok) throw new Error(`not a valid product: ${r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.product;
}

export function createHarness(input: Product | ProductInput, opts: HarnessOptions = {}): Harness {
  const product = productOf(input);
  const version = opts.version ?? 1;
  let decoded: DecodedConfigCode | null = null;
  let initialChoices = opts.initialChoices;
  if (opts.code !== undefined) {
    decoded = decodeConfigCode(opts.code, product, version);
    if (!decoded.ok) throw new Error(`unreadable code: ${decoded.message}`);
    initialChoices = decoded.choices;
  }
  const machineOptions: ConfiguratorMachineOptions = { version };
  if (initialChoices) machineOptions.initialChoices = initialChoices;
  if (opts.submitOrder) machineOptions.submitOrder = opts.submitOrder;
  if (opts.createIdempotencyKey) machineOptions.createIdempotencyKey = opts.createIdempotencyKey;
  const actor = createActor(createConfiguratorMachine(product, machineOptions));

  const path: string[] = [];
  actor.subscribe((s) => {
    const v = JSON.stringify(s.value).replace(/"/g, '');
    if (path.at(-1) !== v) path.push(v);
  });
  actor.start();

  const send = (event: ConfiguratorEvent): boolean => {
    if (!actor.getSnapshot().can(event)) return false;
    actor.send(event);
    return true;
  };

  return {
    product,
    actor,
    decoded,
    send,
    select: (attr, option) => send({ type: 'option.select', attr, option }),
    type: (attr, text) => send({ type: 'text.set', attr, text }),
    clear: (attr) => send({ type: 'choice.clear', attr }),
    accept: () => send({ type: 'conflict.accept' }),
    cancel: () => send({ type: 'conflict.cancel' }),
    undo: () => send({ type: 'history.undo' }),
    redo: () => send({ type: 'history.redo' }),
    reset: () => send({ type: 'config.reset' }),
    goTo: (step) => send({ type: 'step.go', step }),
    next: () => send({ type: 'step.next' }),
    previous: () => send({ type: 'step.previous' }),
    review: () => send({ type: 'review.open' }),
    back: () => send({ type: 'review.back' }),
    async submit(customer, quantity, snapshot) {
      const event: ConfiguratorEvent = { type: 'order.submit', customer, quantity };
      if (snapshot !== undefined) event.snapshot = snapshot;
      send(event);
      const s = await waitFor(actor, (x) => !x.matches('submitting'));
      return s.value;
    },
    can: (event) => actor.getSnapshot().can(event),
    get snapshot() {
      return actor.getSnapshot();
    },
    get state() {
      return actor.getSnapshot().value;
    },
    get step() {
      return actor.getSnapshot().context.step;
    },
    get choices() {
      return actor.getSnapshot().context.choices;
    },
    get configuration() {
      return actor.getSnapshot().context.evaluation.configuration;
    },
    get total() {
      return actor.getSnapshot().context.evaluation.price.total;
    },
    optionState: (attr, option) => selectOptionState(attr, option)(actor.getSnapshot()),
    path,
    stop: () => actor.stop(),
  };
}
