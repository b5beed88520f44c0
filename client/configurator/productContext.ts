import { createContext, useContext } from 'react';
import type { Product } from '../../catalog/index.js';

export const ProductContext = createContext<Product | null>(null);

/** The product being configured (immutable for the page's lifetime). */
export function useProduct(): Product {
  const p = useContext(ProductContext);
  if (!p) throw new Error('useProduct outside the configurator');
  return p;
}
