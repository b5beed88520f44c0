/**
 * Development page for the 3D preview alone (not part of the production build: only
 * client/index.html is an entry). `npx vite` then open /scene/dev/?product=lounge-chair.
 * Exposes window.__dev for scripted checks (Playwright) of configurations and camera steps.
 */
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { parseProduct, type Configuration, type Product } from '../../../catalog/index.js';
import '../../ui/styles.css';
import { ProductPreview, type ProductPreviewHandle } from '../ProductPreview.js';
import { renderThumbnail } from '../renderThumbnail.js';

const documents = {
  ...import.meta.glob<unknown>('../../../catalog/data/products/*.json', { eager: true, import: 'default' }),
  // Sample products of this dev page, on the bundled models.
  ...import.meta.glob<unknown>('./*.product.json', { eager: true, import: 'default' }),
};
const models = import.meta.glob<string>('../../../catalog/data/products/*.glb', {
  eager: true,
  query: '?url',
  import: 'default',
});
const files = import.meta.glob<string>('../../../catalog/data/products/textures/*', {
  eager: true,
  query: '?url',
  import: 'default',
});
const base = '../../../catalog/data/products/';

const products = new Map<string, Product>();
for (const [path, doc] of Object.entries(documents)) {
  const r = parseProduct(doc);
  if (r.ok) products.set(r.product.id, r.product);
  else console.error(path, r.issues);
}

declare global {
  interface Window {
    __dev?: {
      set(values: Configuration): void;
      step(index: number | null): void;
      handle(): ProductPreviewHandle | null;
      /** Frame the camera somewhere else than the product's steps (to try camera views). */
      camera(view: { position: [number, number, number]; target: [number, number, number] } | null): void;
      product: Product;
    };
  }
}

function Dev({ product }: { product: Product }) {
  const [configuration, setConfiguration] = useState<Configuration>(product.defaults);
  const [step, setStep] = useState<number | null>(null);
  const [camera, setCamera] = useState<{ position: [number, number, number]; target: [number, number, number] } | null>(null);
  const handle = useRef<ProductPreviewHandle>(null);
  const [snap, setSnap] = useState<string | null>(null);
  const modelUrl = models[base + product.model.file] ?? '/missing.glb';
  const assetUrl = useMemo(() => (rel: string) => files[base + rel] ?? `/missing/${rel}`, []);
  window.__dev = {
    set: (values) => setConfiguration((c) => ({ ...c, ...values })),
    step: setStep,
    handle: () => handle.current,
    camera: setCamera,
    product,
  };
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 320px', height: '100vh' }}>
      <div className="stage">
        <ProductPreview
          ref={handle}
          product={product}
          configuration={configuration}
          modelUrl={modelUrl}
          assetUrl={assetUrl}
          cameraView={camera ?? (step === null ? undefined : product.steps[step]?.camera)}
          onRendered={(key) => console.debug('rendered', key)}
        />
      </div>
      <form style={{ overflow: 'auto', padding: 12, fontSize: 13 }} onSubmit={(e) => e.preventDefault()}>
        <label>
          step{' '}
          <select value={step ?? ''} onChange={(e) => setStep(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">whole product</option>
            {product.steps.map((s, i) => (
              <option key={s.id} value={i}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        {product.attributes.map((a) => (
          <p key={a.id}>
            <label>
              {a.id}{' '}
              {a.kind === 'text' ? (
                <input
                  value={configuration[a.id] ?? ''}
                  onChange={(e) => setConfiguration({ ...configuration, [a.id]: e.target.value })}
                />
              ) : (
                <select
                  value={configuration[a.id] ?? ''}
                  onChange={(e) => setConfiguration({ ...configuration, [a.id]: e.target.value || null })}
                >
                  {a.optional && <option value="">none</option>}
                  {a.options.map((o) => (
                    <option key={o.id}>{o.id}</option>
                  ))}
                </select>
              )}
            </label>
          </p>
        ))}
        <button type="button" onClick={() => handle.current?.resetView()}>
          reset view
        </button>
        <button type="button" onClick={() => void handle.current?.snapshot().then(setSnap)}>
          snapshot
        </button>
        <button
          type="button"
          onClick={() =>
            void handle.current?.exportGlb().then((b) => {
              const a = document.createElement('a');
              a.href = URL.createObjectURL(b);
              a.download = `${product.id}.glb`;
              a.click();
            })
          }
        >
          export .glb
        </button>
        {snap && <img alt="snapshot" src={snap} style={{ width: '100%' }} />}
      </form>
    </div>
  );
}

/** ?thumbs: every product's storefront thumbnail, rendered one after another on one shared renderer. */
function Thumbs() {
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    for (const p of products.values())
      void renderThumbnail({
        product: p,
        modelUrl: models[base + p.model.file] ?? '/missing.glb',
        assetUrl: (rel) => files[base + rel] ?? `/missing/${rel}`,
      }).then((url) => setUrls((u) => ({ ...u, [p.id]: url })));
  }, []);
  return (
    <div className="stage" style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {Object.entries(urls).map(([id, url]) => (
        <img key={id} alt={id} src={url} width={320} height={240} data-thumb={id} />
      ))}
    </div>
  );
}

const params = new URLSearchParams(location.search);
const id = params.get('product') ?? [...products.keys()][0] ?? '';
const product = products.get(id);
// Hot updates re-run this module (the catalog JSON changes under it): reuse the one root.
const w = window as { __devRoot?: ReturnType<typeof createRoot> };
w.__devRoot ??= createRoot(document.getElementById('root')!);
w.__devRoot.render(
  <StrictMode>
    {params.has('thumbs') ? (
      <Thumbs />
    ) : product ? (
      <Dev product={product} />
    ) : (
      <p>
        No product "{id}". Have: {[...products.keys()].join(', ')}
      </p>
    )}
  </StrictMode>,
);
