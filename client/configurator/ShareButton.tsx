import { useState } from 'react';
import { useT } from '../i18n/useT.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';
import { selectConfigCode } from '../../catalog/flow/selectors.js';
import { shareUrl } from './shareUrl.js';

/** Copies the link that restores this configuration; shows it too, for when the clipboard is blocked. */
export function ShareButton() {
  const { t } = useT();
  const code = useConfiguratorSelector(selectConfigCode);
  const [shown, setShown] = useState<{ url: string; copied: boolean } | null>(null);
  const share = async () => {
    const url = shareUrl(window.location.href, code);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // clipboard refused (permissions, insecure origin): the link is shown instead
    }
    setShown({ url, copied });
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void share()}>
        {t('cfg.share')}
      </button>
      {shown && (
        <div className="notice share-notice" role="status" style={{ flexBasis: '100%', margin: 0 }}>
          <label htmlFor="share-url">{shown.copied ? t('cfg.shareCopied') : t('cfg.shareReady')}</label>
          <input
            id="share-url"
            readOnly
            value={shown.url}
            onFocus={(e) => e.currentTarget.select()}
            style={{ width: '100%', font: 'inherit', fontSize: '0.85rem', padding: '0.3rem', marginTop: '0.3rem' }}
          />
        </div>
      )}
    </>
  );
}
