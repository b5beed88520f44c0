/**
 * PLACEHOLDER created by the consumer-app engineer so the lazy /studio route builds before the
 * studio lands. The studio engineer owns this folder: replace this file freely, keeping the
 * named export `StudioApp` (client/App.tsx imports it lazily).
 */
export function StudioApp() {
  return (
    <main id="main" className="page">
      <h1>Studio</h1>
      <p>The producer studio is not built yet.</p>
    </main>
  );
}
