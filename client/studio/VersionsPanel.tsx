import { useCallback, useEffect, useState } from 'react';
import { useViewStore } from '../state/viewStore.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ChangeLine } from './ChangeLine.js';
import { diff, listVersions, rollback, type Change, type Version } from './studioApi.js';
import { useStudioT, type StudioKey } from './studioMessages.js';

/** Version history, a readable diff between any two versions (or the draft), and rollback. */
export function VersionsPanel({ productId, onChanged }: { productId: string; onChanged: () => void }) {
  const t = useStudioT();
  const [versions, setVersions] = useState<Version[]>([]);
  const [current, setCurrent] = useState<number | null>(null);
  const [from, setFrom] = useState<number | 'draft'>('draft');
  const [to, setTo] = useState<number | 'draft'>('draft');
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const locale = useViewStore((s) => s.locale);
  const [confirmRollback, setConfirmRollback] = useState<number | null>(null);
  const load = useCallback(() => {
    listVersions(productId).then(
      (r) => {
        setVersions(r.versions);
        setCurrent(r.current);
        if (r.current) setFrom(r.current);
      },
      (e: Error) => setError(e.message),
    );
  }, [productId]);
  useEffect(load, [load]);
  const compare = () =>
    diff(productId, from, to).then(
      (r) => setChanges(r.changes),
      (e: Error) => setError(e.message),
    );
  const sides = ['draft' as const, ...versions.map((v) => v.version)];
  const sideSelect = (label: StudioKey, value: number | 'draft', set: (v: number | 'draft') => void) => (
    <label>
      {t(label)}{' '}
      <select value={String(value)} onChange={(e) => set(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
        {sides.map((s) => (
          <option key={s} value={String(s)}>
            {s === 'draft' ? t('studio.versions.draft') : `v${s}`}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div>
      <table className="studio-table">
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>
                v{v.version}
                {v.version === current ? ' ★' : ''}
              </td>
              <td>{v.note}</td>
              <td>
                {new Date(v.createdAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })}
                {v.createdBy ? ` · ${t('studio.by', { who: v.createdBy })}` : ''}
              </td>
              <td>
                {v.version !== current && (
                  <button type="button" className="btn btn-small" onClick={() => setConfirmRollback(v.version)}>
                    {t('studio.rollback')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirmRollback !== null && current !== null && (
        <ConfirmDialog
          title={t('studio.confirm.rollback.title', { v: confirmRollback })}
          confirmLabel={t('studio.confirm.rollback.ok', { v: confirmRollback })}
          cancelLabel={t('studio.confirm.keep')}
          onConfirm={() =>
            void rollback(productId, confirmRollback).then(
              () => {
                setConfirmRollback(null);
                load();
                onChanged();
              },
              (e: Error) => setError(e.message),
            )
          }
          onCancel={() => setConfirmRollback(null)}
        >
          <p>
            {t('studio.confirm.rollback.body', {
              v: confirmRollback,
              next: `v${Math.max(...versions.map((x) => x.version)) + 1}`,
            })}
          </p>
          <p>{t('studio.confirm.rollback.undo', { current })}</p>
        </ConfirmDialog>
      )}
      <div className="studio-row">
        {sideSelect('studio.versions.from', from, setFrom)}
        {sideSelect('studio.versions.to', to, setTo)}
        <button type="button" className="btn btn-small" onClick={() => void compare()}>
          {t('studio.compare')}
        </button>
      </div>
      {error && <p className="field-error">{error}</p>}
      {changes && (
        <ul className="studio-diff" data-testid="diff">
          {changes.length === 0 && <li>{t('studio.versions.none')}</li>}
          {changes.map((c, k) => (
            <ChangeLine key={k} change={c} />
          ))}
        </ul>
      )}
    </div>
  );
}
