import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { LocalizedText } from '../../catalog/index.js';
import { useT } from '../i18n/useT.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { archiveProduct, createProduct, listProducts, type StudioProduct } from './studioApi.js';
import { useStudioT } from './studioMessages.js';

/** Every product with its state; create one from scratch or as a copy. */
export function ProductList() {
  const t = useStudioT();
  const { l } = useT();
  const navigate = useNavigate();
  const [products, setProducts] = useState<StudioProduct[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirmArchive, setConfirmArchive] = useState<StudioProduct | null>(null);
  /** The last archive or restore made here, with its undo. */
  const [notice, setNotice] = useState<{ id: string; name: string; archived: boolean } | null>(null);
  const setArchived = (p: { id: string; name: string }, archived: boolean) =>
    void archiveProduct(p.id, archived).then(() => {
      setConfirmArchive(null);
      setNotice({ id: p.id, name: p.name, archived });
      load();
    }, setError);
  const load = useCallback(() => {
    listProducts().then(setProducts, setError);
  }, []);
  useEffect(load, [load]);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const from = String(f.get('from') ?? '');
    const name = String(f.get('name') ?? '');
    try {
      const d = await createProduct({ id: String(f.get('id')), ...(from ? { from } : {}), ...(name ? { name } : {}) });
      void navigate(`/studio/p/${d.productId}`);
    } catch (err) {
      setError(err);
    }
  };

  if (!products) return error ? <ErrorMessage what={t('studio.products')} error={error} onRetry={load} /> : <Loading />;
  return (
    <div className="page">
      <h1>{t('studio.products')}</h1>
      {error ? <ErrorMessage what={t('studio.new')} error={error} /> : null}
      <table className="studio-table">
        <thead>
          <tr>
            <th>{t('studio.product')}</th>
            <th>{t('studio.published')}</th>
            <th>{t('studio.draft')}</th>
            <th>{t('studio.checks')}</th>
            <th>{t('studio.variants')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.id} data-testid={`product-${p.id}`}>
              <td>
                <Link to={`/studio/p/${p.id}`}>{l(p.name as LocalizedText)}</Link> <code>{p.id}</code>
              </td>
              <td>
                {p.archived ? t('studio.archived') : p.publishedVersion ? `v${p.publishedVersion}` : t('studio.notPublished')}
              </td>
              <td>{p.hasDraft ? t('studio.unpublished') : t('studio.upToDate')}</td>
              <td className={`lint-${p.lint}`}>
                {t(`studio.lint.${p.lint}`)}
                {p.problems ? ` (${p.problems})` : ''}
              </td>
              <td>{p.variants ?? '—'}</td>
              <td>
                {p.publishedVersion !== null && (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() =>
                      p.archived ? setArchived({ id: p.id, name: l(p.name as LocalizedText) }, false) : setConfirmArchive(p)
                    }
                  >
                    {p.archived ? t('studio.restore') : t('studio.archive')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {notice && (
        <p className="notice" role="status" data-testid="archive-notice">
          {t(notice.archived ? 'studio.archivedNotice' : 'studio.restoredNotice', { name: notice.name })}{' '}
          <button type="button" className="btn btn-small" onClick={() => setArchived(notice, !notice.archived)}>
            {t('studio.undo')}
          </button>
        </p>
      )}
      {confirmArchive && (
        <ConfirmDialog
          title={t('studio.confirm.archive.title', { name: l(confirmArchive.name as LocalizedText) })}
          confirmLabel={t('studio.confirm.archive.ok')}
          cancelLabel={t('studio.confirm.keep')}
          danger
          onConfirm={() => setArchived({ id: confirmArchive.id, name: l(confirmArchive.name as LocalizedText) }, true)}
          onCancel={() => setConfirmArchive(null)}
        >
          <p>{t('studio.confirm.archive.body')}</p>
          <p>{t('studio.confirm.archive.undo')}</p>
        </ConfirmDialog>
      )}
      <h2>{t('studio.new')}</h2>
      <form className="form studio-inline" onSubmit={(e) => void create(e)}>
        <label>
          {t('studio.newId')}
          <input name="id" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
        </label>
        <label>
          {t('studio.newName')}
          <input name="name" />
        </label>
        <label>
          {t('studio.duplicateOf')}
          <select name="from" defaultValue="">
            <option value="">{t('studio.fromScratch')}</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          {t('studio.create')}
        </button>
      </form>
    </div>
  );
}
