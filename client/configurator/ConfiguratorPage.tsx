import { useParams } from 'react-router';

/** `/p/:productId` — wired to the configurator machine and the scene as they land. */
export function ConfiguratorPage() {
  const { productId = '' } = useParams();
  return <div className="page">{productId}</div>;
}
