import path from 'node:path';
import type { Logger } from 'pino';
import { isUniqueViolation } from '../db/database.js';
import { AppError } from '../http/AppError.js';
import { readAssets } from './assetFiles.js';
import type { CatalogRepository } from './catalogRepository.js';
import { loadCatalogDir } from './loadCatalogDir.js';

/**
 * On first start (no product in the database), publish every product of the catalog folder
 * as version 1 with its files. Two instances starting at once: the loser's publish collides
 * on the version key and is skipped.
 */
export async function importCatalogIfEmpty(repo: CatalogRepository, dir: string, logger: Logger): Promise<number> {
  if (!(await repo.isEmpty())) return 0;
  const { products, issues } = await loadCatalogDir(dir);
  for (const i of issues) logger.warn({ file: i.file, path: i.path.join('.') }, `catalog import: ${i.message}`);
  let imported = 0;
  for (const p of products) {
    const { files, missing } = await readAssets(p.product, p.dir);
    for (const m of missing) logger.warn({ product: p.product.id, file: m }, 'catalog import: asset file not found');
    try {
      if (await repo.currentVersion(p.product.id)) continue;
      await repo.publish({ product: p.product, assets: files, note: `imported from ${path.basename(p.file)}` });
      imported++;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'publish_conflict') && !isUniqueViolation(e)) throw e;
    }
  }
  logger.info({ imported, dir }, 'catalog imported into an empty database');
  return imported;
}
