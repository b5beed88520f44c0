import { useMemo } from 'react';
import { NONE_KEY } from '../../catalog/index.js';
import { selectIsExplicit } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';
import './mostChosen.css';

/**
 * The model's probability (among the values still valid) from which its pick is marked "most
 * chosen": above one half the pick is more likely than all the others together, so the mark
 * never singles out one of several about equally popular options.
 */
export const MOST_CHOSEN_CONFIDENCE = 0.5;

/**
 * The option (id, or NONE_KEY for none) that customers with similar choices took most for an
 * attribute the consumer has not chosen, when the shop's model is on, has learned from at least
 * the product's minimum number of orders (the server answers `available` only then) and is
 * confident; otherwise null. The caller marks it only while the engine offers it without a
 * conflict, so the mark is always on a valid value.
 */
export function useMostChosen(attr: string): string | null {
  const productId = useConfiguratorSelector((s) => s.context.product.id);
  const explicit = useConfiguratorSelector(useMemo(() => selectIsExplicit(attr), [attr]));
  const pick = useViewStore((s) => {
    const answer = s.recommendation?.answer;
    if (!answer?.available || answer.productId !== productId) return null;
    const a = answer.attributes?.[attr];
    return a && a.confidence >= MOST_CHOSEN_CONFIDENCE ? (a.value ?? NONE_KEY) : null;
  });
  return explicit ? null : pick;
}

/** The visible mark on the option (the screen-reader text goes into the option's description). */
export function MostChosenMark({ compact = false }: { compact?: boolean }) {
  const { t } = useT();
  if (compact)
    return (
      <span className="most-chosen-star" aria-hidden="true" data-testid="most-chosen">
        ★
      </span>
    );
  return (
    <span className="most-chosen" aria-hidden="true" data-testid="most-chosen">
      ★ {t('cfg.mostChosen')}
    </span>
  );
}

/** Under a row of swatches (too small for words): which one is most chosen, in words. */
export function MostChosenNote({ label }: { label: string }) {
  const { t } = useT();
  return (
    <p className="most-chosen-note" aria-hidden="true">
      ★ {t('cfg.mostChosenNote', { option: label })}
    </p>
  );
}
