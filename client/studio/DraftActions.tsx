import { useState } from 'react';
import { ApiError } from '../api/http.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ChangeLine } from './ChangeLine.js';
import {
  diff,
  discardDraft,
  getDraft,
  listVersions,
  publish,
  restoreDraft,
  type Change,
  type Discarded,
  type Draft,
} from './studioApi.js';
import { useStudioT } from './studioMessages.js';

interface Props {
  productId: string;
  server: Draft;
  edited: boolean;
  /** Errors in the checks: a draft with any cannot be published. */
  errors: number;
  busy: boolean;
  setBusy: (b: boolean) => void;
  /** Save unsaved edits first (publish and discard act on the saved draft). */
  save: () => Promise<Draft | null>;
  /** The server's draft changed (published, discarded, restored): show it. */
  onDraft: (d: Draft, status: string) => void;
  onError: (e: unknown) => void;
}

const MAX_LISTED = 12;

/**
 * Publish and discard, each confirmed with what will happen: publish says the version it goes
 * live as and lists what changes; discard says the draft returns to the live version and offers
 * undo. A disabled Publish says why.
 */
export function DraftActions({ productId, server, edited, errors, busy, setBusy, save, onDraft, onError }: Props) {
  const t = useStudioT();
  const [note, setNote] = useState('');
  const [confirm, setConfirm] = useState<
    { kind: 'publish'; draft: Draft; next: number; changes: Change[] } | { kind: 'discard'; draft: Draft } | null
  >(null);
  const [undo, setUndo] = useState<Discarded | null>(null);
  const changed = edited || server.dirty;
  const why =
    errors > 0
      ? t('studio.publishWhy.errors', { count: errors })
      : !changed
        ? t('studio.publishWhy.nothing')
        : !note.trim()
          ? t('studio.publishWhy.note')
          : null;

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const askPublish = () =>
    run(async () => {
      const d = edited ? await save() : server;
      if (!d) return;
      const [versions, changes] = await Promise.all([
        listVersions(productId),
        d.currentVersion ? diff(productId, d.currentVersion, 'draft').then((r) => r.changes) : Promise.resolve([]),
      ]);
      const next = Math.max(0, ...versions.versions.map((v) => v.version)) + 1;
      setConfirm({ kind: 'publish', draft: d, next, changes });
    });
  const doPublish = (d: Draft) =>
    run(async () => {
      try {
        const r = await publish(productId, note, d.etag);
        setNote('');
        setUndo(null);
        onDraft(await getDraft(productId), t('studio.publishedAs', { version: r.version }));
      } catch (e) {
        if (e instanceof ApiError && (e.code === 'draft_invalid' || e.code === 'model_mismatch')) onError(new Error(e.message));
        else throw e;
      } finally {
        setConfirm(null);
      }
    });
  const askDiscard = () =>
    run(async () => {
      const d = edited ? await save() : server;
      if (d) setConfirm({ kind: 'discard', draft: d });
    });
  const doDiscard = (d: Draft) =>
    run(async () => {
      try {
        const r = await discardDraft(productId, d.etag);
        setUndo(r.discarded);
        onDraft(r.draft, t('studio.discarded'));
      } finally {
        setConfirm(null);
      }
    });
  const doRestore = (u: Discarded) =>
    run(async () => {
      const d = await restoreDraft(productId, u, server.etag);
      setUndo(null);
      onDraft(d, t('studio.restoredDraft'));
    });

  return (
    <>
      <div className="btn-row">
        <label>
          {t('studio.publishNote')} <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || why !== null}
          aria-describedby={why ? 'publish-why' : undefined}
          onClick={() => void askPublish()}
        >
          {t('studio.publish')}
        </button>
        {server.currentVersion !== null && (
          <button
            type="button"
            className="btn"
            disabled={busy || !changed}
            aria-describedby={!changed ? 'publish-why' : undefined}
            onClick={() => void askDiscard()}
          >
            {t('studio.discard')}
          </button>
        )}
        {why && (
          <small id="publish-why" className="studio-why" data-testid="publish-why">
            {why}
          </small>
        )}
      </div>
      {undo && (
        <p className="notice" role="status" data-testid="discard-notice">
          {t('studio.discardedNotice')}{' '}
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void doRestore(undo)}>
            {t('studio.undo')}
          </button>
        </p>
      )}
      {confirm?.kind === 'publish' && (
        <ConfirmDialog
          title={t('studio.confirm.publish.title', { v: confirm.next })}
          confirmLabel={t('studio.confirm.publish.ok', { v: confirm.next })}
          cancelLabel={t('studio.confirm.notYet')}
          busy={busy}
          onConfirm={() => void doPublish(confirm.draft)}
          onCancel={() => setConfirm(null)}
        >
          <p>{t('studio.confirm.publish.body', { v: confirm.next })}</p>
          {confirm.changes.length > 0 && (
            <>
              <p>{t('studio.confirm.publish.changes')}</p>
              <ul className="studio-diff" data-testid="publish-changes">
                {confirm.changes.slice(0, MAX_LISTED).map((c, k) => (
                  <ChangeLine key={k} change={c} />
                ))}
                {confirm.changes.length > MAX_LISTED && (
                  <li>{t('studio.confirm.publish.more', { count: confirm.changes.length - MAX_LISTED })}</li>
                )}
              </ul>
            </>
          )}
          <p>
            {t('studio.publishNote')}: <q>{note}</q>
          </p>
          <p>{t('studio.confirm.publish.undo')}</p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'discard' && (
        <ConfirmDialog
          title={t('studio.confirm.discard.title')}
          confirmLabel={t('studio.confirm.discard.ok')}
          cancelLabel={t('studio.confirm.keep')}
          danger
          busy={busy}
          onConfirm={() => void doDiscard(confirm.draft)}
          onCancel={() => setConfirm(null)}
        >
          <p>{t('studio.confirm.discard.body', { v: server.currentVersion ?? 0 })}</p>
          <p>{t('studio.confirm.discard.undo')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
