import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseJsonSafe, parseProduct, type CatalogIssue, type Product } from '../../catalog/index.js';

export interface LoadedProduct {
  file: string;
  /** The folder the product's model and textures are read from. */
  dir: string;
  product: Product;
}

export interface FileIssue extends CatalogIssue {
  file: string;
}

export interface LoadResult {
  products: LoadedProduct[];
  issues: FileIssue[];
}

/** Read and check one product file; problems are returned, never thrown. */
export async function loadProductFile(file: string): Promise<{ product?: Product; issues: FileIssue[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return {
      issues: [{ file, path: [], message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }],
    };
  }
  const json = parseJsonSafe(text);
  if (!json.ok) return { issues: [{ file, path: json.path ?? [], message: json.message }] };
  const parsed = parseProduct(json.value);
  if (!parsed.ok) return { issues: parsed.issues.map((i) => ({ file, ...i })) };
  return { product: parsed.product, issues: [] };
}

/** Load every *.json product file of a folder (not recursive), checking ids are unique across files. */
export async function loadCatalogDir(dir: string): Promise<LoadResult> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json')).sort();
  } catch (e) {
    return {
      products: [],
      issues: [{ file: dir, path: [], message: `cannot read the folder: ${(e as NodeJS.ErrnoException).code}` }],
    };
  }
  return loadProductFiles(names.map((n) => path.join(dir, n)));
}

export async function loadProductFiles(files: string[]): Promise<LoadResult> {
  const products: LoadedProduct[] = [];
  const issues: FileIssue[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const r = await loadProductFile(file);
    issues.push(...r.issues);
    if (!r.product) continue;
    const other = seen.get(r.product.id);
    if (other) {
      issues.push({ file, path: ['id'], message: `product id "${r.product.id}" is also used by ${other}` });
      continue;
    }
    seen.set(r.product.id, file);
    products.push({ file, dir: path.dirname(file), product: r.product });
  }
  return { products, issues };
}
