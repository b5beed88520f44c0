import { createContext, useContext, type ReactNode } from 'react';
import { useActorRef, useSelector } from '@xstate/react';
import type { ConfiguratorActor, ConfiguratorMachine, ConfiguratorSnapshot } from '../../catalog/flow/configuratorMachine.js';

const ActorContext = createContext<ConfiguratorActor | null>(null);

/** Starts the configurator actor for the page and hands it to every panel below. */
export function ConfiguratorProvider({ machine, children }: { machine: ConfiguratorMachine; children: ReactNode }) {
  const actor = useActorRef(machine);
  return <ActorContext.Provider value={actor}>{children}</ActorContext.Provider>;
}

/** The configurator actor: send events to it, read it through `useConfiguratorSelector`. */
export function useConfiguratorActor(): ConfiguratorActor {
  const actor = useContext(ActorContext);
  if (!actor) throw new Error('useConfiguratorActor outside <ConfiguratorProvider>');
  return actor;
}

/** A fine-grained read of the configurator state: re-renders only when the selected value changes. */
export function useConfiguratorSelector<T>(selector: (s: ConfiguratorSnapshot) => T, compare?: (a: T, b: T) => boolean): T {
  return useSelector(useConfiguratorActor(), selector, compare);
}
