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

/** Id of the review tab and its panel (`tab--review`: a double dash, which no kebab-case step id has). */
export const REVIEW_TAB = '-review';

interface StepTabsProps {
  /** The review is open (the review tab is the selected one). */
  reviewing: boolean;
  /** Open the review (it takes the snapshot first); without it (studio, embed) there is no review tab. */
  onReview?: (() => void) | undefined;
  busy?: boolean;
}

/**
 * The steps as tabs, and a last one for the review (arrow keys, Home and End move between them).
 * They wrap onto a second line rather than scroll, so every step, the personalisation too, is in view.
 */
export function StepTabs({ reviewing, onReview, busy }: StepTabsProps) {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const { t, l } = useT();
  const open = useConfiguratorSelector(selectStep);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const ids = [...product.steps.map((s) => s.id), ...(onReview ? [REVIEW_TAB] : [])];
  const index = reviewing
    ? ids.length - 1
    : Math.max(
        0,
        product.steps.findIndex((s) => s.id === open),
      );

  const select = (to: number) => {
    if (ids[to] === REVIEW_TAB) {
      if (!reviewing) onReview?.();
      return;
    }
    if (reviewing) actor.send({ type: 'review.back' });
    actor.send({ type: 'step.go', step: ids[to]! });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const n = ids.length;
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
    select(to);
    tabs.current[to]?.focus();
  };

  return (
    <div className="step-tabs" role="tablist" aria-label={t('cfg.steps')} onKeyDown={onKeyDown} data-testid="step-tabs">
      {ids.map((id, i) => {
        const step = product.steps[i];
        return (
          <button
            key={id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={i === index}
            aria-controls={`panel-${id}`}
            tabIndex={i === index ? 0 : -1}
            disabled={!step && busy}
            onClick={() => select(i)}
          >
            {i + 1}. {step ? l(step.label) : t('step.review')}
          </button>
        );
      })}
    </div>
  );
}

/**
 * The open step's attributes under the tabs, with Back and Next (Next on the last step opens the
 * review). The step is the machine's; the camera preset (view state) follows it.
 */
export function StepPanels({ onReview, busy }: { onReview?: () => void; busy?: boolean }) {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const { t, l } = useT();
  const open = useConfiguratorSelector(selectStep);
  const setCameraPreset = useViewStore((s) => s.setCameraPreset);
  useEffect(() => setCameraPreset(open), [open, setCameraPreset]);
  const current = product.steps.find((s) => s.id === open) ?? product.steps[0]!;
  const index = product.steps.indexOf(current);
  const previous = product.steps[index - 1];
  const next = product.steps[index + 1];
  const top = useRef<HTMLDivElement>(null);

  // Back and Next bring the new step's first field into view and the focus to its tab.
  const go = (step: string) => {
    actor.send({ type: 'step.go', step });
    requestAnimationFrame(() => {
      const tabs = top.current?.querySelector('[role="tablist"]');
      // Under the sticky header (and, on a phone, the sticky preview) counts as out of view.
      const covered = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 72;
      if (tabs && tabs.getBoundingClientRect().top < covered) tabs.scrollIntoView({ block: 'start' });
      document.getElementById(`tab-${step}`)?.focus({ preventScroll: true });
    });
  };

  return (
    <div ref={top} className="steps">
      <StepTabs reviewing={false} onReview={onReview} busy={busy} />
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} data-testid="step-panel">
        <p className="step-count">{t('step.of', { n: index + 1, total: product.steps.length + (onReview ? 1 : 0) })}</p>
        {current.attributes.map((id) => {
          const attr = product.attributes.find((a) => a.id === id);
          return attr ? <AttributeField key={id} attr={attr} /> : null;
        })}
      </div>
      <div className="step-nav">
        {previous && (
          <button type="button" className="btn" onClick={() => go(previous.id)} data-testid="step-back">
            <span aria-hidden="true">← </span>
            {t('step.back', { step: l(previous.label) })}
          </button>
        )}
        {(next || onReview) && (
          <button
            type="button"
            className="btn step-next"
            disabled={!next && busy}
            onClick={() => (next ? go(next.id) : onReview?.())}
            data-testid="step-next"
          >
            {t('step.next', { step: next ? l(next.label) : t('step.review') })}
            <span aria-hidden="true"> →</span>
          </button>
        )}
      </div>
    </div>
  );
}
