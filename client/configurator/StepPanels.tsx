import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Attribute } from '../../catalog/index.js';
import { selectStep } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';
import { OptionGroup } from './OptionGroup.js';
import { TextField } from './TextField.js';
import { useProduct } from './productContext.js';

function AttributeField({ attr }: { attr: Attribute }) {
  return attr.kind === 'text' ? <TextField attr={attr} /> : <OptionGroup attr={attr} />;
}

/**
 * Steps as tabs (arrow keys move between them); the open step's attributes below. The step is
 * the machine's; the camera preset (view state) follows it.
 */
export function StepPanels() {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const { t, l } = useT();
  const open = useConfiguratorSelector(selectStep);
  const setCameraPreset = useViewStore((s) => s.setCameraPreset);
  useEffect(() => setCameraPreset(open), [open, setCameraPreset]);
  const openStep = (step: string) => actor.send({ type: 'step.go', step });
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = product.steps.find((s) => s.id === open) ?? product.steps[0]!;
  const index = product.steps.indexOf(current);

  const onKeyDown = (e: KeyboardEvent) => {
    const n = product.steps.length;
    const to =
      e.key === 'ArrowRight'
        ? (index + 1) % n
        : e.key === 'ArrowLeft'
          ? (index - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    openStep(product.steps[to]!.id);
    tabs.current[to]?.focus();
  };

  return (
    <>
      <div className="step-tabs" role="tablist" aria-label={t('cfg.steps')} onKeyDown={onKeyDown}>
        {product.steps.map((s, i) => (
          <button
            key={s.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${s.id}`}
            aria-selected={s === current}
            aria-controls={`panel-${s.id}`}
            tabIndex={s === current ? 0 : -1}
            onClick={() => openStep(s.id)}
          >
            {i + 1}. {l(s.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        {current.attributes.map((id) => {
          const attr = product.attributes.find((a) => a.id === id);
          return attr ? <AttributeField key={id} attr={attr} /> : null;
        })}
      </div>
    </>
  );
}
