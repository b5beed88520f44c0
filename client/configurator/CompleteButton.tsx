import { useState } from 'react';
import { z } from 'zod';
import { formatMoney } from '../../catalog/index.js';
import { selectConfigCode, selectTotal } from '../../catalog/flow/selectors.js';
import { requestJson } from '../api/http.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';

const Recommendation = z.object({
  available: z.boolean(),
  completion: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
});

/**
 * "Complete it for me": asks the server for the most probable valid completion of the choices so
 * far (learned from the shop's orders) and applies it as one undoable step (choices.complete);
 * the consumer's own choices stay. Announces the price change. Hidden when the shop has no model.
 */
export function CompleteButton() {
  const actor = useConfiguratorActor();
  const { t, locale } = useT();
  const productId = useConfiguratorSelector((s) => s.context.product.id);
  const currency = useConfiguratorSelector((s) => s.context.product.currency);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [unavailable, setUnavailable] = useState(false);
  if (unavailable) return null;

  const complete = async () => {
    setBusy(true);
    try {
      const before = actor.getSnapshot();
      const code = selectConfigCode(before);
      const rec = await requestJson(
        `/api/products/${encodeURIComponent(productId)}/recommendation?code=${encodeURIComponent(code)}`,
        Recommendation,
      );
      if (!rec.available || !rec.completion) {
        setUnavailable(true);
        return;
      }
      actor.send({ type: 'choices.complete', completion: rec.completion });
      const after = actor.getSnapshot();
      if (after === before || after.context.choices === before.context.choices) setMessage(t('cfg.completeNothing'));
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
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={() => void complete()}
        data-testid="complete-for-me"
      >
        {t('cfg.complete')}
      </button>
      <span role="status" aria-live="polite" className="sr-status" style={{ fontSize: '0.85rem' }}>
        {message}
      </span>
    </>
  );
}
