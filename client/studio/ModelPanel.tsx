import { useState } from 'react';
import type { ModelInfo } from './studioApi.js';
import { uploadModel } from './studioApi.js';
import { useStudioT } from './studioMessages.js';

/** Upload a .glb; list its parts; warn about options pointing at parts it lacks. */
export function ModelPanel({
  productId,
  info,
  onUploaded,
  onModelFile,
}: {
  productId: string;
  info: ModelInfo | null;
  onUploaded: () => void;
  onModelFile: (file: string) => void;
}) {
  const t = useStudioT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await uploadModel(productId, file);
      onModelFile(r.path);
      onUploaded();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <label>
        {t('studio.upload')}{' '}
        <input type="file" accept=".glb,model/gltf-binary" disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {info?.warnings.map((w, k) => (
        <p key={k} className="notice notice-warn">
          {w.message}
        </p>
      ))}
      {info?.parts && (
        <div className="studio-row">
          {(['materials', 'meshes', 'nodes'] as const).map((k) => (
            <div key={k}>
              <h4>{t(`studio.model.${k}`)}</h4>
              <ul>
                {info.parts![k].map((n) => (
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
