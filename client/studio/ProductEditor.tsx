import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/http.js';
import { useT } from '../i18n/useT.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { AttributesForm } from './AttributesForm.js';
import { ChecksPanel } from './ChecksPanel.js';
import { DefaultsForm } from './DefaultsForm.js';
import { DetailsForm } from './DetailsForm.js';
import { DraftActions } from './DraftActions.js';
import { DraftPreview } from './DraftPreview.js';
import { JsonView } from './JsonView.js';
import { ModelPanel } from './ModelPanel.js';
import { RecommendationsPanel } from './RecommendationsPanel.js';
import { RulesForm } from './RulesForm.js';
import { TablesForm } from './TablesForm.js';
import { VersionsPanel } from './VersionsPanel.js';
import { textLabel, type DraftDoc } from './docTypes.js';
import { fieldId } from './localCheck.js';
import { useLocalCheck } from './useLocalCheck.js';
import { modelProblems, renamePart } from '../../catalog/model/modelProblems.js';
import { getDraft, modelInfo, saveDraft, type Draft, type ModelInfo } from './studioApi.js';
import { useStudioT, type StudioKey } from './studioMessages.js';

const TABS = [
  'details',
  'attributes',
  'rules',
  'tables',
  'prices',
  'defaults',
  'json',
  'model',
  'versions',
  'recommendations',
] as const;
type Tab = (typeof TABS)[number];

/** Which tab shows the field at a JSON path. */
function tabOf(path: (string | number)[], doc: DraftDoc): Tab {
  const [head, i] = path;
  if (head === 'attributes' || head === 'steps') return 'attributes';
  if (head === 'defaults') return 'defaults';
  if (head === 'rules') {
    const kind = typeof i === 'number' ? doc.rules?.[i]?.kind : undefined;
    return kind === 'table' ? 'tables' : kind === 'price' ? 'prices' : 'rules';
  }
  if (head === 'model') return 'model';
  return 'details';
}

/** /studio/p/:id — forms, JSON, checks, live preview, save (ETag), publish, versions. */
export function ProductEditor() {
  const { productId = '' } = useParams();
  const t = useStudioT();
  const { locale } = useT();
  const [server, setServer] = useState<Draft | null>(null);
  const [doc, setDoc] = useState<DraftDoc | null>(null);
  const [edited, setEdited] = useState(false);
  const [tab, setTab] = useState<Tab>('details');
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // undefined until the first answer: the preview waits for it, so the model is fetched once.
  const [model, setModel] = useState<ModelInfo | null | undefined>(undefined);

  const load = useCallback(() => {
    setConflict(null);
    setError(null);
    getDraft(productId).then((d) => {
      setServer(d);
      setDoc(d.document as DraftDoc);
      setEdited(false);
    }, setError);
    modelInfo(productId).then(setModel, () => setModel(null));
  }, [productId]);
  useEffect(load, [load]);

  const check = useLocalCheck(doc);
  const update = useCallback((mutate: (d: DraftDoc) => void) => {
    setDoc((d) => {
      if (!d) return d;
      const next = structuredClone(d);
      mutate(next);
      return next;
    });
    setEdited(true);
    setStatus(null);
  }, []);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409 && e.code === 'draft_conflict') setConflict(e.message);
    else setError(e);
  };
  const save = async (): Promise<Draft | null> => {
    if (!server || !doc) return null;
    setBusy(true);
    try {
      const d = await saveDraft(productId, doc, server.etag);
      setServer(d);
      setEdited(false);
      setStatus(t('studio.saved'));
      modelInfo(productId).then(setModel, () => setModel(null));
      return d;
    } catch (e) {
      fail(e);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const jump = (path: (string | number)[]) => {
    if (!doc) return;
    setTab(tabOf(path, doc));
    requestAnimationFrame(() => {
      for (let n = path.length; n > 0; n--) {
        const el = document.getElementById(fieldId(path.slice(0, n)));
        if (el) {
          // A field inside a collapsed attribute: open it first.
          for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
          el.scrollIntoView({ block: 'center' });
          el.focus();
          return;
        }
      }
    });
  };

  // Parts the live draft names that its model lacks: checked at once, before any save (the server refuses them at publish).
  const modelFile = doc?.model?.file;
  const problems = useMemo(
    () => (check?.product && model?.parts && model.file === modelFile ? modelProblems(check.product, model.parts) : []),
    [check?.product, model, modelFile],
  );

  if (!doc || !server || !check) return error ? <ErrorMessage what={productId} error={error} onRetry={load} /> : <Loading />;
  // A model that could not be read (or is not uploaded) is a problem too; else the parts it lacks.
  const modelIssues = model && !model.parts ? model.warnings : problems;
  const errors = check.schema.length + check.lint.filter((f) => f.severity === 'error').length + modelIssues.length;
  return (
    <div className="studio-editor">
      <header className="studio-head">
        <Link to="/studio">← {t('studio.back')}</Link>
        <h1>
          {textLabel(doc.name, locale) || productId} <code>{productId}</code>
        </h1>
        <p>
          {server.currentVersion ? `${t('studio.published')}: v${server.currentVersion}` : t('studio.notPublished')} ·{' '}
          <span data-testid="draft-state">
            {edited ? t('studio.unsaved') : server.dirty ? t('studio.unpublished') : t('studio.upToDate')}
          </span>
          {status && (
            <span role="status" data-testid="status">
              {' '}
              · {status}
            </span>
          )}
        </p>
        {conflict && (
          <div className="notice notice-error" role="alert" data-testid="conflict">
            <h2>{t('studio.conflict')}</h2>
            <p>{conflict}</p>
            <button type="button" className="btn" onClick={load}>
              {t('studio.reload')}
            </button>
          </div>
        )}
        {error ? <ErrorMessage what={productId} error={error} /> : null}
        <div className="btn-row">
          <button type="button" className="btn" disabled={busy || !edited} onClick={() => void save()}>
            {t('studio.save')}
          </button>
        </div>
        <DraftActions
          productId={productId}
          server={server}
          edited={edited}
          errors={errors}
          busy={busy}
          setBusy={setBusy}
          save={save}
          onDraft={(d, message) => {
            setServer(d);
            setDoc(d.document as DraftDoc);
            setEdited(false);
            setStatus(message);
            modelInfo(productId).then(setModel, () => setModel(null));
          }}
          onError={fail}
        />
      </header>
      <div className="studio-columns">
        <div className="studio-main">
          <div className="step-tabs" role="tablist">
            {TABS.map((k) => (
              <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)}>
                {t(`studio.tab.${k}` as StudioKey)}
              </button>
            ))}
          </div>
          <div role="tabpanel" className="studio-tabpanel">
            {tab === 'details' && <DetailsForm doc={doc} update={update} />}
            {tab === 'attributes' && <AttributesForm doc={doc} update={update} parts={model?.parts ?? null} />}
            {tab === 'rules' && <RulesForm doc={doc} update={update} kinds="constraints" />}
            {tab === 'prices' && <RulesForm doc={doc} update={update} kinds="prices" />}
            {tab === 'tables' && <TablesForm doc={doc} update={update} product={check.product} />}
            {tab === 'defaults' && <DefaultsForm doc={doc} update={update} />}
            {tab === 'json' && <JsonView doc={doc} onApply={(d) => update((x) => void Object.assign(x, d))} />}
            {tab === 'model' && (
              <ModelPanel
                productId={productId}
                doc={doc}
                info={model ?? null}
                problems={problems}
                onUploaded={(u) => {
                  // The new file at once (before any save): its parts, the problems against the live draft, the preview.
                  setModel({ file: u.path, sha256: u.sha256, parts: u.parts, warnings: [] });
                  if (doc.model?.file !== u.path) update((d) => void (d.model = { ...d.model, file: u.path }));
                  // A new file is a change to publish even when the document is unchanged.
                  getDraft(productId).then(
                    (d) => setServer((s) => (s && s.revision === d.revision ? d : s)),
                    () => undefined,
                  );
                }}
                onMap={(kind, from, to) => update((d) => void Object.assign(d, renamePart(d, kind, from, to)))}
              />
            )}
            {tab === 'versions' && <VersionsPanel productId={productId} onChanged={load} />}
            {tab === 'recommendations' && <RecommendationsPanel productId={productId} />}
          </div>
        </div>
        <aside className="studio-side">
          <ChecksPanel
            doc={doc}
            schema={check.schema}
            lint={check.lint}
            model={modelIssues}
            variants={check.variants}
            pending={check.pending}
            onJump={jump}
          />
          <DraftPreview
            product={check.product}
            productId={productId}
            model={model === undefined ? undefined : { file: model?.file ?? null, sha256: model?.sha256 ?? null }}
          />
        </aside>
      </div>
    </div>
  );
}
