import { useEffect, useRef, useState } from 'react';
import { selectConfigCode } from '../../catalog/flow/selectors.js';
import { ApiError } from '../api/http.js';
import { getRecommendation } from '../api/recommendations.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';

/** Wait this long after the last change before asking (a burst of clicks asks once). */
const SETTLE_MS = 150;
/** Ask again this often while the page is visible: a producer's change or a rebuild reaches open pages. */
export const RECHECK_MS = 5 * 60_000;

/**
 * Keeps the shop's recommendation for the current choices in the view store (#19): the "most
 * chosen" marks and "complete it for me" read it from there. Asks again when the choices change,
 * except when the answer says the product has no usable model (off, not learned, too few orders):
 * that does not depend on the choices. Whatever the last answer, it asks again when the page
 * comes back into view or gets the focus, and every RECHECK_MS while visible, so that a producer
 * turning recommendations on or off, or a rebuilt model (a new `learnedAt`), reaches open pages
 * without a reload; an answer that is no longer available drops the marks. Renders nothing.
 */
export function RecommendationSync() {
  const productId = useConfiguratorSelector((s) => s.context.product.id);
  const code = useConfiguratorSelector(selectConfigCode);
  const setRecommendation = useViewStore((s) => s.setRecommendation);
  const [recheck, setRecheck] = useState(0);
  const asked = useRef(-1);

  useEffect(() => {
    const again = () => {
      if (document.visibilityState === 'visible') setRecheck((n) => n + 1);
    };
    const timer = setInterval(again, RECHECK_MS);
    document.addEventListener('visibilitychange', again);
    window.addEventListener('focus', again);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', again);
      window.removeEventListener('focus', again);
    };
  }, []);

  useEffect(() => {
    const known = useViewStore.getState().recommendation;
    const rechecking = asked.current !== recheck;
    if (known && known.answer.productId !== productId) setRecommendation(null);
    else if (known && !known.answer.available && !rechecking) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      getRecommendation(productId, code, abort.signal).then(
        (answer) => {
          // Answered (not cut short by a newer change): this recheck is done.
          asked.current = recheck;
          setRecommendation({ code, answer });
        },
        (e: unknown) => {
          // A refusal (e.g. the product went away, or the server past its time budget) clears the
          // marks; a lost connection keeps the last answer.
          if (e instanceof ApiError) setRecommendation(null);
        },
      );
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [productId, code, recheck, setRecommendation]);

  useEffect(() => () => setRecommendation(null), [productId, setRecommendation]);
  return null;
}
