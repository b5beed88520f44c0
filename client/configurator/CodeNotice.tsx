import { useState } from 'react';
import type { DecodedConfigCode } from '../../catalog/flow/configCode.js';
import { useT } from '../i18n/useT.js';
import { describeValue } from '../../catalog/index.js';
import { describeReasons } from './optionText.js';
import { useProduct } from './productContext.js';

/** Explains what a shared code could not restore: which choices no longer apply, and why. */
export function CodeNotice({ decoded }: { decoded: DecodedConfigCode | null }) {
  const product = useProduct();
  const { t, l, locale } = useT();
  const [dismissed, setDismissed] = useState(false);
  if (!decoded || dismissed) return null;
  if (decoded.ok && decoded.dropped.length === 0) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="code-notice">
      {decoded.ok ? (
        <>
          <p>{t('cfg.codeDropped')}</p>
          <ul>
            {decoded.dropped.map((d, i) => {
              const a = product.attributes.find((x) => x.id === d.attr);
              const value = a && d.reason !== 'unknown-option' ? describeValue(a, d.value, locale) : String(d.value ?? '—');
              const why = d.rules?.length ? describeReasons(d.rules, locale) : d.message;
              return (
                <li key={i} data-attr={d.attr}>
                  <strong>{a ? l(a.label) : d.attr}</strong>: {value} — {why}
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p>{decoded.error === 'other-product' ? t('cfg.codeOther') : t('cfg.codeInvalid')}</p>
      )}
      <button type="button" className="btn btn-small" onClick={() => setDismissed(true)}>
        {t('cfg.dismiss')}
      </button>
    </div>
  );
}
