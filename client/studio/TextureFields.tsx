import { useState } from 'react';
import { useParams } from 'react-router';
import { NumberInput } from './fields.js';
import { uploadTexture } from './studioApi.js';
import { useStudioT, type StudioKey } from './studioMessages.js';

type Maps = { map?: string; normalMap?: string; roughnessMap?: string; sheen?: number; clearcoat?: number; repeat?: number };
const MAPS = ['map', 'normalMap', 'roughnessMap'] as const;

/** A material's textures (base colour, normal, roughness: a path or an uploaded image), sheen, clearcoat and repeat. */
export function TextureFields({ material, set }: { material: Maps; set: (fn: (m: Maps) => void) => void }) {
  const t = useStudioT();
  const { productId = '' } = useParams();
  const [error, setError] = useState<string | null>(null);
  const upload = async (key: (typeof MAPS)[number], file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      const r = await uploadTexture(productId, file);
      set((m) => void (m[key] = r.path));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const unit = (key: 'sheen' | 'clearcoat') => (
    <NumberInput
      label={t(`studio.field.${key}` as StudioKey)}
      min={0}
      max={1}
      step={0.05}
      value={material[key]}
      onChange={(v) =>
        set((m) => {
          if (v === undefined) delete m[key];
          else m[key] = v;
        })
      }
    />
  );
  return (
    <div className="studio-textures">
      {MAPS.map((key) => (
        <div key={key} className="studio-row">
          <label>
            {t(`studio.field.${key}` as StudioKey)}{' '}
            <input
              value={material[key] ?? ''}
              placeholder="textures/…"
              onChange={(e) =>
                set((m) => {
                  if (e.target.value === '') delete m[key];
                  else m[key] = e.target.value;
                })
              }
            />
          </label>
          <label>
            {t('studio.field.uploadTexture')}{' '}
            <input
              type="file"
              accept=".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp"
              onChange={(e) => void upload(key, e.target.files?.[0])}
            />
          </label>
        </div>
      ))}
      <div className="studio-row">
        {unit('sheen')}
        {unit('clearcoat')}
        <NumberInput
          label={t('studio.field.repeat')}
          min={0.1}
          max={100}
          step={0.5}
          value={material.repeat ?? 1}
          onChange={(v) => set((m) => void (m.repeat = v ?? 0))}
        />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
