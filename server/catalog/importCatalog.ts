import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { isUniqueViolation } from '../db/database.js';
import type { EngineService } from '../engine/engineService.js';
import { AppError } from '../http/AppError.js';
import { readAssets } from './assetFiles.js';
import type { CatalogRepository } from './catalogRepository.js';
import { loadCatalogDir } from './loadCatalogDir.js';
import { checkThumbnail, type ThumbnailsRepository } from './thumbnails.js';

export interface ImportOptions {
  /** Compiles and checks each product first, in its worker (offline scripts pass none). */
  engine?: EngineService | undefined;
  /** Where shipped storefront pictures go (`<name>.thumbnail.png` beside `<name>.json`). */
  thumbnails?: ThumbnailsRepository | undefined;
}

/** `<name>.json` may ship its storefront picture as `<name>.thumbnail.png` (npm run thumbnails makes them). */
async function importThumbnail(repo: ThumbnailsRepository, file: string, id: string, version: number, logger: Logger) {
  let png: Buffer;
  try {
    png = await readFile(file.replace(/\.json$/, '.thumbnail.png'));
  } catch {
    return; // none shipped: the studio renders it later
  }
  const check = checkThumbnail(png);
  if (!check.ok) return void logger.warn({ product: id, file }, `catalog import: thumbnail skipped: ${check.message}`);
  await repo.set(id, version, png);
}

/**
 * On first start (no product in the database), publish every product of the catalog folder
 * as version 1 with its files. Two instances starting at once: each product is published by
 * whichever inserts its products row first (publish's onlyIfNew, one transaction); the other
 * finds the row and skips it, so every product is at version 1 once, whatever the timing.
 * With an engine, each product is compiled and checked first, in its worker: one whose rules
 * are too complex for the compile budget is left out (logged). Offline scripts pass no engine
 * and import every product that parses.
 */
export async function importCatalogIfEmpty(
  repo: CatalogRepository,
  dir: string,
  logger: Logger,
  { engine, thumbnails }: ImportOptions = {},
): Promise<number> {
  if (!(await repo.isEmpty())) return 0;
  const { products, issues } = await loadCatalogDir(dir);
  for (const i of issues) logger.warn({ file: i.file, path: i.path.join('.') }, `catalog import: ${i.message}`);
  const checks = await Promise.all(products.map((p) => engine?.check(p.product)));
  let imported = 0;
  for (const [k, p] of products.entries()) {
    const check = checks[k];
    if (check && !check.ok) {
      logger.error({ product: p.product.id, file: p.file }, `catalog import: ${check.finding.message}`);
      continue;
    }
    const { files, missing } = await readAssets(p.product, p.dir);
    for (const m of missing) logger.warn({ product: p.product.id, file: m }, 'catalog import: asset file not found');
    try {
      const version = await repo.publish(
        { product: p.product, assets: files, note: `imported from ${path.basename(p.file)}` },
        { onlyIfNew: true },
      );
      if (version === null) continue;
      imported++;
      if (thumbnails) await importThumbnail(thumbnails, p.file, p.product.id, version, logger);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'publish_conflict') && !isUniqueViolation(e)) throw e;
    }
  }
  logger.info({ imported, dir }, 'catalog imported into an empty database');
  return imported;
}
