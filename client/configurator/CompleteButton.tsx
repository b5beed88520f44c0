import { useState } from 'react';
import { formatMoney } from '../../catalog/index.js';
import { selectConfigCode, selectTotal } from '../../catalog/flow/selectors.js';
import { getRecommendation } from '../api/recommendations.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';

/**
 * "Complete it for me": fills every attribute the consumer has not chosen with the most probable
 * valid completion of the choices so far (learned from the shop's orders), as one undoable step
 * (choices.complete); the consumer's own choices stay. Announces the price change. Shown only
 * once the server has said the product has a usable model (RecommendationSync asks it).
 */
export function CompleteButton() {
  const actor = useConfiguratorActor();
  const { t, locale } = useT();
  const productId = useConfiguratorSelector((s) => s.context.product.id);
  const currency = useConfiguratorSelector((s) => s.context.product.currency);
  const available = useViewStore((s) => s.recommendation?.answer.productId === productId && s.recommendation.answer.available);
  const [busy, setBusy] = useState(false);
  // The announcement holds until the configuration changes again.
  const [said, setSaid] = useState<{ text: string; code: string } | null>(null);
  const code = useConfiguratorSelector(selectConfigCode);
  const setMessage = (text: string) => setSaid({ text, code: selectConfigCode(actor.getSnapshot()) });

  const complete = async () => {
    setBusy(true);
    try {
      // Ask for exactly these choices: the stored answer may be for choices a moment old.
      const asked = selectConfigCode(actor.getSnapshot());
      const rec = await getRecommendation(productId, asked);
      const before = actor.getSnapshot();
      if (!rec.available || !rec.completion || selectConfigCode(before) !== asked) {
        setMessage(t('cfg.completeFailed'));
        return;
      }
      actor.send({ type: 'choices.complete', completion: rec.completion });
      const after = actor.getSnapshot();
      if (after.context.choices === before.context.choices) setMessage(t('cfg.completeNothing'));
      else
        setMessage(
          t('cfg.completeDone', {
            from: formatMoney(selectTotal(before), currency, locale),
            to: formatMoney(selectTotal(after), currency, locale),
          }),
        );
    } catch {
      setMessage(t('cfg.completeFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {available && (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => void complete()}
          data-testid="complete-for-me"
        >
          {t('cfg.complete')}
        </button>
      )}
      <span role="status" aria-live="polite" className="sr-status" style={{ fontSize: '0.85rem' }}>
        {said?.code === code ? said.text : ''}
      </span>
    </>
  );
}
