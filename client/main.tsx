import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface ProductSummary {
  id: string;
  name: string | Record<string, string>;
}

function Storefront() {
  const [products, setProducts] = useState<ProductSummary[] | null>(null);
  useEffect(() => {
    fetch('/api/products')
      .then((r) => r.json())
      .then((b: { products: ProductSummary[] }) => setProducts(b.products));
  }, []);
  if (!products) return <p>Loading…</p>;
  return (
    <main>
      <h1>Maatwerk</h1>
      <ul>
        {products.map((p) => (
          <li key={p.id}>{typeof p.name === 'string' ? p.name : p.name.en}</li>
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Storefront />
  </StrictMode>,
);
