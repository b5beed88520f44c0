import { useEffect, useMemo, useRef, useState } from 'react';
import type { Product } from '../../catalog/index.js';
import { parseDraft, type LocalCheck } from './localCheck.js';

/** How long the browser may lint one draft before it gives up and leaves it to the server. */
export const LOCAL_CHECK_BUDGET_MS = 8000;

type Answer = { id: number; ok: true; lint: LocalCheck['lint']; variants: string } | { id: number; ok: false; message: string };

const tooComplex: LocalCheck['lint'] = [
  { severity: 'warning', code: 'local-too-complex', message: 'too complex to check here, the server will check it', path: [] },
];

/**
 * The live checks of a draft: the schema on the main thread (cheap, and the preview needs the
 * product at once), the engine's lint and count in a Web Worker with a time budget: a draft
 * over the budget has its worker terminated and says the server will check it, so a hard
 * catalog never freezes the tab. Edits made while a lint runs wait, and only the newest is linted.
 */
export function useLocalCheck(doc: unknown): (LocalCheck & { pending: boolean }) | null {
  const parsed = useMemo(() => (doc ? parseDraft(doc) : null), [doc]);
  const [result, setResult] = useState<{ product: Product; lint: LocalCheck['lint']; variants: string | null } | null>(null);
  const worker = useRef<Worker | null>(null);
  const running = useRef<{ id: number; product: Product; timer: ReturnType<typeof setTimeout> } | null>(null);
  const waiting = useRef<Product | null>(null);
  const seq = useRef(0);

  useEffect(
    () => () => {
      if (running.current) clearTimeout(running.current.timer);
      // Reset everything: a remount (React's StrictMode runs effects twice) starts afresh.
      running.current = null;
      waiting.current = null;
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );

  useEffect(() => {
    const product = parsed?.product;
    if (!product) return;
    const start = (p: Product) => {
      if (!worker.current) {
        const w = new Worker(new URL('./lintWorker.ts', import.meta.url), { type: 'module' });
        w.onmessage = (e: MessageEvent<Answer>) => {
          const job = running.current;
          if (!job || e.data.id !== job.id) return;
          clearTimeout(job.timer);
          running.current = null;
          const a = e.data;
          setResult({
            product: job.product,
            lint: a.ok ? a.lint : [{ ...tooComplex[0]!, message: a.message }],
            variants: a.ok ? a.variants : null,
          });
          next();
        };
        worker.current = w;
      }
      const id = ++seq.current;
      const timer = setTimeout(() => {
        // Over budget: stop the thread (it may be deep in a compile) and say so.
        worker.current?.terminate();
        worker.current = null;
        running.current = null;
        setResult({ product: p, lint: tooComplex, variants: null });
        next();
      }, LOCAL_CHECK_BUDGET_MS);
      running.current = { id, product: p, timer };
      worker.current.postMessage({ id, product: p });
    };
    const next = () => {
      const p = waiting.current;
      waiting.current = null;
      if (p) start(p);
    };
    if (running.current) waiting.current = product;
    else start(product);
  }, [parsed]);

  if (!parsed) return null;
  const current = parsed.product !== null && result?.product === parsed.product;
  return {
    product: parsed.product,
    schema: parsed.schema,
    // While the newest draft is being linted, the last findings stay (no flicker to "no problems").
    lint: parsed.product ? (result?.lint ?? []) : [],
    variants: parsed.product ? (result?.variants ?? null) : null,
    pending: parsed.product !== null && !current,
  };
}
