/// <reference lib="webworker" />
import type { Product } from '../../catalog/index.js';
import { lintProduct } from './localCheck.js';

/** The studio's lint thread: compiles and lints a draft away from the tab's main thread (useLocalCheck). */
self.onmessage = (e: MessageEvent<{ id: number; product: Product }>) => {
  const { id, product } = e.data;
  try {
    (self as unknown as Worker).postMessage({ id, ok: true, ...lintProduct(product) });
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, ok: false, message: (err as Error).message });
  }
};
