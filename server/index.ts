import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { loadCatalogDir } from './catalog/loadCatalogDir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
const catalogDir = process.env.CATALOG_DIR ?? path.join(root, 'catalog/data/products');
const { products, issues } = await loadCatalogDir(catalogDir);
for (const i of issues) console.error(`${i.file} ${i.path.join('.')}: ${i.message}`);
const clientDir = path.join(root, 'dist/client');
const app = createApp({ products, clientDir: existsSync(clientDir) ? clientDir : undefined });
const server = app.listen(port, () => console.log(`Maatwerk on http://localhost:${port} (${products.length} products)`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
