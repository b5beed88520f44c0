import { useEffect } from 'react';
import { selectConfigCode } from '../../catalog/flow/selectors.js';
import { ApiError } from '../api/http.js';
import { getRecommendation } from '../api/recommendations.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';

/** Wait this long after the last change before asking (a burst of clicks asks once). */
const SETTLE_MS = 150;

/**
 * Keeps the shop's recommendation for the current choices in the view store (#19): the "most
 * chosen" marks and "complete it for me" read it from there. Asks again when the choices change,
 * except when the answer says the product has no usable model (off, not learned, too few orders):
 * that does not depend on the choices. Renders nothing.
 */
export function RecommendationSync() {
  const productId = useConfiguratorSelector((s) => s.context.product.id);
  const code = useConfiguratorSelector(selectConfigCode);
  const setRecommendation = useViewStore((s) => s.setRecommendation);

  useEffect(() => {
    const known = useViewStore.getState().recommendation;
    if (known && known.answer.productId !== productId) setRecommendation(null);
    else if (known && !known.answer.available) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      getRecommendation(productId, code, abort.signal).then(
        (answer) => setRecommendation({ code, answer }),
        (e: unknown) => {
          // A refusal (e.g. the product went away) clears the marks; a lost connection keeps the last answer.
          if (e instanceof ApiError) setRecommendation(null);
        },
      );
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [productId, code, setRecommendation]);

  useEffect(() => () => setRecommendation(null), [productId, setRecommendation]);
  return null;
}
