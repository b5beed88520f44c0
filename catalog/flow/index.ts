export {
  createConfiguratorMachine,
  type ConfiguratorMachineOptions,
  type ConfiguratorMachine,
  type ConfiguratorSnapshot,
  type ConfiguratorActor,
} from './configuratorMachine.js';
export * from './selectors.js';
export * from './configCode.js';
export * from './types.js';
export { choiceState, type ChoiceKind } from './choiceState.js';
export { clickOutcome, type ClickOutcome } from './clickOutcome.js';
export { attributeOutcomes, outcomeLookahead, OutcomeLookahead, type KnownOutcomes } from './outcomeLookahead.js';
