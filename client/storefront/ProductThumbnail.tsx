/**
 * The standard product rendered by the scene's renderThumbnail (wired when client/scene lands);
 * an empty tile until then.
 */
export function ProductThumbnail({ productId }: { productId: string; alt: string }) {
  return <span aria-hidden="true" data-thumb={productId} />;
}
