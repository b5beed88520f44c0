import { useEffect } from 'react';
import { canRedo, canUndo } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';

const HISTORY = [
  { step: 'undo', icon: '↶', keys: 'Control+Z' },
  { step: 'redo', icon: '↷', keys: 'Control+Shift+Z' },
] as const;

function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.matches('input[type="text"], input:not([type]), textarea'))
  );
}

/** Undo, redo and reset, with Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y); a text field keeps its own undo. */
export function HistoryControls() {
  const actor = useConfiguratorActor();
  const { t } = useT();
  const undoable = useConfiguratorSelector(canUndo);
  const redoable = useConfiguratorSelector(canRedo);
  const resettable = useConfiguratorSelector((s) => s.can({ type: 'config.reset' }));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextEntry(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) actor.send({ type: 'history.undo' });
      else if ((k === 'z' && e.shiftKey) || k === 'y') actor.send({ type: 'history.redo' });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actor]);

  return (
    <>
      {HISTORY.map(({ step, icon, keys }) => (
        <button
          key={step}
          type="button"
          className="btn btn-small"
          disabled={!(step === 'undo' ? undoable : redoable)}
          aria-keyshortcuts={keys}
          onClick={() => actor.send({ type: `history.${step}` })}
        >
          <span aria-hidden="true">{icon}</span> {t(`cfg.${step}`)}
        </button>
      ))}
      <button type="button" className="btn btn-small" disabled={!resettable} onClick={() => actor.send({ type: 'config.reset' })}>
        {t('cfg.reset')}
      </button>
    </>
  );
}
