import { useState } from 'react';
import { partsOfKind, type ModelProblem, type PartKind } from '../../catalog/model/modelProblems.js';
import { useViewStore } from '../state/viewStore.js';
import { placeOf } from './checkMessages.js';
import type { DraftDoc } from './docTypes.js';
import type { ModelInfo } from './studioApi.js';
import { uploadModel } from './studioApi.js';
import { useStudioT, type StudioKey } from './studioMessages.js';

export interface Uploaded {
  path: string;
  sha256: string;
  parts: ModelInfo['parts'];
}

/**
 * Upload a .glb; list its parts; and when the product names parts the model lacks, a mapping
 * step: for each missing name, pick the part of the new model that takes its place.
 */
export function ModelPanel({
  productId,
  doc,
  info,
  problems,
  onUploaded,
  onMap,
}: {
  productId: string;
  doc: DraftDoc;
  info: ModelInfo | null;
  problems: ModelProblem[];
  onUploaded: (u: Uploaded) => void;
  onMap: (kind: PartKind, from: string, to: string) => void;
}) {
  const t = useStudioT();
  const locale = useViewStore((s) => s.locale);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await uploadModel(productId, file);
      onUploaded({ path: r.path, sha256: r.sha256, parts: r.parts ?? null });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  // One row per missing name and kind, with every place that uses it.
  const missing = new Map<string, { kind: PartKind; name: string; places: string[] }>();
  for (const p of problems) {
    const key = `${p.kind}|${p.name}`;
    const row = missing.get(key) ?? { kind: p.kind, name: p.name, places: [] };
    const place = placeOf(p.path, doc, locale === 'nl' ? 'nl' : 'en');
    if (!row.places.includes(place)) row.places.push(place);
    missing.set(key, row);
  }
  const parts = info?.parts;
  return (
    <div>
      <label>
        {t('studio.upload')}{' '}
        <input type="file" accept=".glb,model/gltf-binary" disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} />
      </label>
      {info?.file && (
        <p>
          {t('studio.field.modelFile')}: <code>{info.file}</code>
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {missing.size > 0 && parts && (
        <section className="notice notice-error" data-testid="model-mapping" aria-labelledby="model-mapping-title">
          <h3 id="model-mapping-title">{t('studio.model.mismatch', { count: missing.size })}</h3>
          <p>{t('studio.model.mapHelp')}</p>
          <table className="studio-table">
            <thead>
              <tr>
                <th>{t('studio.model.missingPart')}</th>
                <th>{t('studio.model.usedBy')}</th>
                <th>{t('studio.model.newPart')}</th>
              </tr>
            </thead>
            <tbody>
              {[...missing.values()].map((m) => (
                <tr key={`${m.kind}|${m.name}`}>
                  <td>
                    <code>{m.name}</code> ({t(`studio.model.kind.${m.kind}` as StudioKey)})
                  </td>
                  <td>{m.places.join('; ')}</td>
                  <td>
                    <select
                      aria-label={t('studio.model.pickFor', { name: m.name })}
                      value=""
                      onChange={(e) => e.target.value && onMap(m.kind, m.name, e.target.value)}
                    >
                      <option value="">{t('studio.model.choose')}</option>
                      {partsOfKind(parts, m.kind).map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {info?.warnings
        .filter(() => !parts)
        .map((w, k) => (
          <p key={k} className="notice notice-warn">
            {w.message}
          </p>
        ))}
      {parts && (
        <div className="studio-row">
          {(['materials', 'meshes', 'nodes'] as const).map((k) => (
            <div key={k}>
              <h4>{t(`studio.model.${k}`)}</h4>
              <ul>
                {parts[k].map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
