/**
 * PLACEHOLDER created by the consumer-app engineer so the lazy /sales route builds before the
 * sales desk lands. The sales engineer owns this folder: replace this file freely, keeping the
 * named export `SalesApp` (client/App.tsx imports it lazily).
 */
export function SalesApp() {
  return (
    <main id="main" className="page">
      <h1>Sales desk</h1>
      <p>The sales desk is not built yet.</p>
    </main>
  );
}
