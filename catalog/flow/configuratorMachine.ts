import { assign, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { missingCustomerFields, type Choices, type Product, type Value } from '../schema/product.js';
import {
  choiceState,
  configurationChanges,
  evaluateComplete,
  normaliseValue,
  resolveConflict,
  withChoice,
  withoutChoice,
  type ChoiceKind,
} from './choiceState.js';
import {
  MAX_HISTORY,
  MAX_ORDER_QUANTITY,
  type CompleteEvaluation,
  type ChangeNotice,
  type ConfiguratorContext,
  type ConfiguratorEvent,
  type FlowError,
  type OrderCustomer,
  type OrderRequest,
  type OrderResult,
} from './types.js';

export interface ConfiguratorMachineOptions {
  /** The published catalog version of `product`; goes into orders and share codes. */
  version: number;
  /** Explicit choices to start from (e.g. a decoded share code); they must hold together. */
  initialChoices?: Choices;
  /**
   * The order call. Optional here so that a machine can be made before the app knows its API;
   * it can also be supplied later with `machine.provide({ actors: { submitOrder: fromPromise(...) } })`.
   * Without either, submitting fails (and lands back in reviewing with the error kept).
   */
  submitOrder?: (request: OrderRequest, signal: AbortSignal) => Promise<OrderResult>;
  /** Makes idempotency keys; crypto.randomUUID by default. */
  createIdempotencyKey?: () => string;
}

type ChoiceParams = { kind: ChoiceKind; attr: string; value: Value };

function errorOf(error: unknown): FlowError {
  const e = error as { message?: unknown; code?: unknown } | null;
  const message = e && typeof e.message === 'string' && e.message ? e.message : String(error);
  return typeof e?.code === 'string' ? { kind: 'order', message, code: e.code } : { kind: 'order', message };
}

/** A change of explicit choices: onto the undo stack, redo stack cleared, order key forgotten. */
function committed(context: ConfiguratorContext, choices: Choices, evaluation: CompleteEvaluation, typing: string | null = null) {
  const coalesce = typing !== null && context.typing === typing && context.past.length > 0;
  return {
    choices,
    evaluation,
    past: coalesce ? context.past : [...context.past, context.choices].slice(-MAX_HISTORY),
    future: [],
    typing,
    pending: null,
    notice: null,
    error: null,
    idempotencyKey: null,
    request: null,
  };
}

const stepIndex = (context: ConfiguratorContext) => context.product.steps.findIndex((s) => s.id === context.step);

const engineError = (message: string) => ({ error: { kind: 'engine', message } satisfies FlowError });

/**
 * The configurator of one product: the consumer's choices, always completed to a valid
 * configuration, with undo/redo, conflict resolution, review and ordering.
 *
 * Throws when the product has no valid configuration at all or `initialChoices` do not hold
 * together: both are bugs upstream (the catalog lint and decodeConfigCode prevent them).
 */
export function createConfiguratorMachine(product: Product, options: ConfiguratorMachineOptions) {
  const { version, submitOrder, createIdempotencyKey = () => globalThis.crypto.randomUUID() } = options;
  const initialChoices = options.initialChoices ?? {};
  const initial = evaluateComplete(product, initialChoices);
  if (!initial) throw new RangeError(`product "${product.id}": the starting choices have no valid configuration`);

  const noOrderService = async (): Promise<OrderResult> => {
    throw new Error('No order service is configured.');
  };
  const call = submitOrder ?? noOrderService;

  return setup({
    types: {} as { context: ConfiguratorContext; events: ConfiguratorEvent },
    actors: {
      submitOrder: fromPromise<OrderResult, OrderRequest>(({ input, signal }) => call(input, signal)),
    },
    guards: {
      isAvailable: ({ context }, p: ChoiceParams) =>
        choiceState(context.product, context.evaluation, p.kind, p.attr, normaliseValue(context.product, p.attr, p.value))
          ?.state === 'available',
      isInConflict: ({ context }, p: ChoiceParams) =>
        choiceState(context.product, context.evaluation, p.kind, p.attr, normaliseValue(context.product, p.attr, p.value))
          ?.state === 'conflict',
      isChosen: ({ context }, p: { attr: string }) => Object.prototype.hasOwnProperty.call(context.choices, p.attr),
      hasChoices: ({ context }) => Object.keys(context.choices).length > 0,
      canUndo: ({ context }) => context.past.length > 0,
      canRedo: ({ context }) => context.future.length > 0,
      hasNoPendingConflict: ({ context }) => context.pending === null,
      hasNotice: ({ context }) => context.notice !== null,
      isStep: ({ context }, p: { step: string }) => context.product.steps.some((s) => s.id === p.step),
      hasNextStep: ({ context }) => stepIndex(context) < context.product.steps.length - 1,
      hasPreviousStep: ({ context }) => stepIndex(context) > 0,
      isOrderAcceptable: ({ context }, p: { quantity: number; customer: OrderCustomer }) =>
        Number.isSafeInteger(p.quantity) &&
        p.quantity >= 1 &&
        p.quantity <= MAX_ORDER_QUANTITY &&
        typeof p.customer === 'object' &&
        p.customer !== null &&
        missingCustomerFields(context.product, p.customer).length === 0 &&
        Number.isSafeInteger(context.evaluation.price.total * p.quantity),
    },
    actions: {
      applyChoice: assign(({ context }, p: ChoiceParams) => {
        const value = normaliseValue(context.product, p.attr, p.value);
        const typing = p.kind === 'text' ? p.attr : null;
        // Choosing again what is already chosen changes nothing, not even the undo grouping.
        if (Object.prototype.hasOwnProperty.call(context.choices, p.attr) && context.choices[p.attr] === value) return {};
        const choices = withChoice(context.choices, p.attr, value);
        const evaluation = evaluateComplete(context.product, choices);
        if (!evaluation) return engineError(`The engine offered "${String(value)}" for ${p.attr} but refused it.`);
        const changes = configurationChanges(
          context.product,
          context.evaluation.configuration,
          evaluation.configuration,
          context.choices,
          p.attr,
        );
        const notice: ChangeNotice | null = changes.length
          ? { attr: p.attr, value, changes, previousTotal: context.evaluation.price.total, total: evaluation.price.total }
          : null;
        return { ...committed(context, choices, evaluation, typing), notice };
      }),
      proposeConflict: assign(({ context }, p: ChoiceParams) => {
        const value = normaliseValue(context.product, p.attr, p.value);
        const state = choiceState(context.product, context.evaluation, p.kind, p.attr, value);
        const pending =
          state?.state === 'conflict'
            ? resolveConflict(context.product, context.choices, context.evaluation, p.attr, value, state)
            : null;
        return pending ? { pending, typing: null } : { pending: null, ...engineError(`No valid way to choose ${p.attr}.`) };
      }),
      completeChoices: assign(({ context }, p: { completion: Readonly<Record<string, Value>> }) => {
        const choices: Record<string, Value> = { ...context.choices };
        let added = 0;
        for (const a of context.product.attributes) {
          if (a.kind === 'text' || Object.prototype.hasOwnProperty.call(choices, a.id)) continue;
          if (!Object.prototype.hasOwnProperty.call(p.completion, a.id)) continue;
          choices[a.id] = p.completion[a.id] ?? null;
          added++;
        }
        if (!added) return {};
        const evaluation = evaluateComplete(context.product, choices);
        return evaluation ? committed(context, choices, evaluation) : engineError('The completion does not fit these choices.');
      }),
      acceptConflict: assign(({ context }) =>
        context.pending ? committed(context, context.pending.choices, context.pending.evaluation) : {},
      ),
      clearConflict: assign({ pending: null }),
      dismissNotice: assign({ notice: null }),
      goToStep: assign((_, p: { step: string }) => ({ step: p.step })),
      nextStep: assign(({ context }) => ({ step: context.product.steps[stepIndex(context) + 1]!.id })),
      previousStep: assign(({ context }) => ({ step: context.product.steps[stepIndex(context) - 1]!.id })),
      clearChoice: assign(({ context }, p: { attr: string }) => {
        const choices = withoutChoice(context.choices, p.attr);
        const evaluation = evaluateComplete(context.product, choices);
        return evaluation ? committed(context, choices, evaluation) : engineError(`Cannot forget the choice of ${p.attr}.`);
      }),
      undo: assign(({ context }) => {
        const choices = context.past.at(-1)!;
        const evaluation = evaluateComplete(context.product, choices);
        if (!evaluation) return engineError('Cannot undo.');
        return {
          choices,
          evaluation,
          past: context.past.slice(0, -1),
          future: [...context.future, context.choices],
          typing: null,
          notice: null,
        };
      }),
      redo: assign(({ context }) => {
        const choices = context.future.at(-1)!;
        const evaluation = evaluateComplete(context.product, choices);
        if (!evaluation) return engineError('Cannot redo.');
        return {
          choices,
          evaluation,
          past: [...context.past, context.choices],
          future: context.future.slice(0, -1),
          typing: null,
          notice: null,
        };
      }),
      reset: assign(({ context }) => {
        const evaluation = evaluateComplete(context.product, {});
        return evaluation ? committed(context, {}, evaluation) : engineError('Cannot reset.');
      }),
      prepareOrder: assign(({ context }, p: { customer: OrderCustomer; quantity: number; snapshot?: string }) => {
        const idempotencyKey = context.idempotencyKey ?? createIdempotencyKey();
        const request: OrderRequest = {
          body: {
            productId: context.product.id,
            version: context.version,
            choices: context.choices,
            quantity: p.quantity,
            customer: p.customer,
            ...(p.snapshot === undefined ? {} : { snapshot: p.snapshot }),
          },
          idempotencyKey,
        };
        return { idempotencyKey, request, error: null };
      }),
      recordOrder: assign((_, p: { result: OrderResult }) => ({ order: p.result, error: null })),
      recordOrderError: assign((_, p: { error: unknown }) => ({ error: errorOf(p.error) })),
      startOver: assign(({ context }) => ({
        ...committed(context, {}, evaluateComplete(context.product, {}) ?? context.evaluation),
        step: context.product.steps[0]!.id,
        past: [],
        order: null,
      })),
    },
  }).createMachine({
    id: 'configurator',
    context: {
      product,
      version,
      step: product.steps[0]!.id,
      choices: initialChoices,
      evaluation: initial,
      past: [],
      future: [],
      typing: null,
      pending: null,
      notice: null,
      error: null,
      idempotencyKey: null,
      request: null,
      order: null,
    },
    initial: 'configuring',
    states: {
      configuring: {
        on: {
          'option.select': [
            {
              guard: { type: 'isAvailable', params: ({ event }) => ({ kind: 'option', attr: event.attr, value: event.option }) },
              actions: {
                type: 'applyChoice',
                params: ({ event }) => ({ kind: 'option', attr: event.attr, value: event.option }),
              },
            },
            {
              guard: { type: 'isInConflict', params: ({ event }) => ({ kind: 'option', attr: event.attr, value: event.option }) },
              target: 'resolvingConflict',
              actions: {
                type: 'proposeConflict',
                params: ({ event }) => ({ kind: 'option', attr: event.attr, value: event.option }),
              },
            },
          ],
          'text.set': [
            {
              guard: { type: 'isAvailable', params: ({ event }) => ({ kind: 'text', attr: event.attr, value: event.text }) },
              actions: { type: 'applyChoice', params: ({ event }) => ({ kind: 'text', attr: event.attr, value: event.text }) },
            },
            {
              guard: { type: 'isInConflict', params: ({ event }) => ({ kind: 'text', attr: event.attr, value: event.text }) },
              target: 'resolvingConflict',
              actions: {
                type: 'proposeConflict',
                params: ({ event }) => ({ kind: 'text', attr: event.attr, value: event.text }),
              },
            },
          ],
          'choice.clear': {
            guard: { type: 'isChosen', params: ({ event }) => ({ attr: event.attr }) },
            actions: { type: 'clearChoice', params: ({ event }) => ({ attr: event.attr }) },
          },
          'choices.complete': {
            actions: { type: 'completeChoices', params: ({ event }) => ({ completion: event.completion }) },
          },
          'history.undo': { guard: 'canUndo', actions: 'undo' },
          'notice.dismiss': { guard: 'hasNotice', actions: 'dismissNotice' },
          'history.redo': { guard: 'canRedo', actions: 'redo' },
          'config.reset': { guard: 'hasChoices', actions: 'reset' },
          'step.go': {
            guard: { type: 'isStep', params: ({ event }) => ({ step: event.step }) },
            actions: { type: 'goToStep', params: ({ event }) => ({ step: event.step }) },
          },
          'step.next': { guard: 'hasNextStep', actions: 'nextStep' },
          'step.previous': { guard: 'hasPreviousStep', actions: 'previousStep' },
          'review.open': { target: 'reviewing' },
        },
      },
      resolvingConflict: {
        // Leaves at once should the proposal not hold (the error says why).
        always: { guard: 'hasNoPendingConflict', target: 'configuring' },
        on: {
          'conflict.accept': { target: 'configuring', actions: 'acceptConflict' },
          'conflict.cancel': { target: 'configuring', actions: 'clearConflict' },
        },
      },
      reviewing: {
        on: {
          'review.back': { target: 'configuring' },
          'order.submit': {
            guard: {
              type: 'isOrderAcceptable',
              params: ({ event }) => ({ quantity: event.quantity, customer: event.customer }),
            },
            target: 'submitting',
            actions: {
              type: 'prepareOrder',
              params: ({ event }) => ({ customer: event.customer, quantity: event.quantity, snapshot: event.snapshot }),
            },
          },
        },
      },
      submitting: {
        invoke: {
          id: 'submitOrder',
          src: 'submitOrder',
          input: ({ context }) => context.request!,
          onDone: { target: 'ordered', actions: { type: 'recordOrder', params: ({ event }) => ({ result: event.output }) } },
          onError: {
            target: 'reviewing',
            actions: { type: 'recordOrderError', params: ({ event }) => ({ error: event.error }) },
          },
        },
      },
      ordered: {
        on: { 'config.reset': { target: 'configuring', actions: 'startOver' } },
      },
    },
  });
}

export type ConfiguratorMachine = ReturnType<typeof createConfiguratorMachine>;
export type ConfiguratorSnapshot = SnapshotFrom<ConfiguratorMachine>;
export type ConfiguratorActor = ActorRefFrom<ConfiguratorMachine>;
