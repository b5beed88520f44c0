import type { PublishedProduct } from '../api/products.js';

/** The standard product rendered by the scene's renderThumbnail (wired when it lands). */
export function ProductThumbnail({ published }: { published: PublishedProduct }) {
  return <span aria-hidden="true" data-thumb={published.product.id} />;
}
