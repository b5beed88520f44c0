import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useViewStore } from './state/viewStore.js';
import { Layout } from './ui/Layout.js';
import { Loading } from './ui/Loading.js';
import { NotFound } from './ui/NotFound.js';
import { ErrorBoundary } from './ui/ErrorBoundary.js';
import { Storefront } from './storefront/Storefront.js';
import { prefetchProduct } from './api/products.js';

// The configurator carries three.js and the engine: split from the storefront so the shop opens fast.
const loadConfigurator = () => import('./configurator/ConfiguratorPage.js');
const ConfiguratorPage = lazy(() => loadConfigurator().then((m) => ({ default: m.ConfiguratorPage })));
// Opened on a product's address: its code and the product load together from the start, not
// the product only once the code has arrived and rendered.
const productAddress = /^\/p\/([^/]+)\/?$/.exec(window.location.pathname);
if (productAddress) {
  void loadConfigurator();
  try {
    prefetchProduct(decodeURIComponent(productAddress[1]!));
  } catch {
    // a malformed address: the page reports it
  }
}
const OrderConfirmation = lazy(() =>
  import('./configurator/OrderConfirmation.js').then((m) => ({ default: m.OrderConfirmation })),
);
// The configurator for other shops' pages (/embed.js frames it): no header, "Add to cart" instead of the review.
const EmbedPage = lazy(() => import('./embed/EmbedPage.js').then((m) => ({ default: m.EmbedPage })));
// Producer and sales screens never ship in the consumer's bundle.
const StudioApp = lazy(() => import('./studio/StudioApp.js').then((m) => ({ default: m.StudioApp })));
const SalesApp = lazy(() => import('./sales/SalesApp.js').then((m) => ({ default: m.SalesApp })));

function Consumer({ children, what }: { children: React.ReactNode; what: string }) {
  return (
    <Layout>
      <ErrorBoundary what={what}>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </ErrorBoundary>
    </Layout>
  );
}

export function App() {
  const locale = useViewStore((s) => s.locale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/"
          element={
            <Consumer what="the shop">
              <Storefront />
            </Consumer>
          }
        />
        <Route
          path="/p/:productId"
          element={
            <Consumer what="the configurator">
              <ConfiguratorPage />
            </Consumer>
          }
        />
        <Route
          path="/order/:orderId"
          element={
            <Consumer what="the order">
              <OrderConfirmation />
            </Consumer>
          }
        />
        <Route
          path="/embed/p/:productId"
          element={
            <ErrorBoundary what="the configurator">
              <Suspense fallback={<Loading />}>
                <EmbedPage />
              </Suspense>
            </ErrorBoundary>
          }
        />
        <Route
          path="/studio/*"
          element={
            <Suspense fallback={<Loading />}>
              <StudioApp />
            </Suspense>
          }
        />
        <Route
          path="/sales/*"
          element={
            <Suspense fallback={<Loading />}>
              <SalesApp />
            </Suspense>
          }
        />
        <Route
          path="*"
          element={
            <Consumer what="the page">
              <NotFound />
            </Consumer>
          }
        />
      </Routes>
    </BrowserRouter>
  );
}
