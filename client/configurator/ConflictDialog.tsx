import { useEffect, useRef } from 'react';
import { selectPendingConflict } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { describeValue } from '../../catalog/index.js';
import { describeReasons } from './optionText.js';
import { useProduct } from './productContext.js';
import { formatMoney } from '../../catalog/index.js';

/** The proposed changes of a conflicting choice, to accept or cancel. Modal, Escape cancels. */
export function ConflictDialog() {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const pending = useConfiguratorSelector(selectPendingConflict);
  const { t, l, locale } = useT();
  const acceptRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    if (!pending) return;
    returnFocus.current = document.activeElement;
    acceptRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') actor.send({ type: 'conflict.cancel' });
      // Keep Tab inside the modal: its buttons are the only way on.
      if (e.key === 'Tab' && dialogRef.current) {
        const buttons = [...dialogRef.current.querySelectorAll<HTMLButtonElement>('button')];
        const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const next = buttons[(i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
        if (next) {
          e.preventDefault();
          next.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
    };
  }, [pending, actor]);

  if (!pending) return null;
  const attr = product.attributes.find((a) => a.id === pending.attr);
  const option = attr ? describeValue(attr, pending.value, locale) : String(pending.value);
  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="conflict-title"
        aria-describedby="conflict-body"
      >
        <h2 id="conflict-title">{t('cfg.conflictTitle', { option })}</h2>
        <div id="conflict-body">
          <p>{t('cfg.conflictBody')}</p>
          <ul data-testid="conflict-changes">
            {/* Every attribute that changes: the chosen ones the engine must change, and defaults. */}
            {pending.consequences.map((c) => {
              const a = product.attributes.find((x) => x.id === c.attr);
              if (!a) return null;
              return (
                <li key={c.attr}>
                  <strong>{l(a.label)}</strong>: {describeValue(a, c.from, locale)} → {describeValue(a, c.to, locale)}
                </li>
              );
            })}
          </ul>
          {pending.reasons.length > 0 && (
            <p>
              {t('cfg.conflictWhy')} {describeReasons(pending.reasons, locale)}
            </p>
          )}
          <p>
            {t('cfg.conflictNewTotal')}:{' '}
            <strong>{formatMoney(pending.evaluation.price.total, pending.evaluation.price.currency, locale)}</strong>
          </p>
        </div>
        <div className="btn-row">
          <button
            ref={acceptRef}
            type="button"
            className="btn btn-primary"
            onClick={() => actor.send({ type: 'conflict.accept' })}
          >
            {t('cfg.accept')}
          </button>
          <button type="button" className="btn" onClick={() => actor.send({ type: 'conflict.cancel' })}>
            {t('cfg.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
