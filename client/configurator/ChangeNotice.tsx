import { describeValue, formatMoney } from '../../catalog/index.js';
import { selectNotice } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { describeChanges } from './optionText.js';
import { useProduct } from './productContext.js';

/**
 * After a pick that changed defaults (values the consumer never chose) of other attributes:
 * what changed and the new total, with an undo. Conflicts with chosen values go through the
 * dialog instead; this notice is for changes applied at once, as the option announced them.
 */
export function ChangeNotice() {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const notice = useConfiguratorSelector(selectNotice);
  const { t, locale } = useT();
  if (!notice) return null;
  const attr = product.attributes.find((a) => a.id === notice.attr);
  const option = attr ? describeValue(attr, notice.value, locale) : String(notice.value);
  return (
    <div className="notice change-notice" role="status" data-testid="change-notice">
      <p style={{ margin: 0 }}>
        {t('cfg.noticeChanged', { option, changes: describeChanges(product, notice.changes, locale, t) })}{' '}
        <strong>{t('cfg.noticeTotal', { total: formatMoney(notice.total, product.currency, locale) })}</strong>
      </p>
      <div className="btn-row">
        <button type="button" className="btn btn-small" onClick={() => actor.send({ type: 'history.undo' })}>
          {t('cfg.undo')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => actor.send({ type: 'notice.dismiss' })}>
          {t('cfg.dismiss')}
        </button>
      </div>
    </div>
  );
}
