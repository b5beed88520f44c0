import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled catalog: the products a fresh install starts with, their models and pictures. */
export const PRODUCTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../catalog/data/products');
