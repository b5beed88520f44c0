import { Id } from '../../catalog/index.js';
import { z } from '../http/zod.js';

/*
 * The path, query and header parameters of the studio's routes (studioRouter.ts). Their request
 * and response bodies are the shared contract in catalog/api/studioContract.ts, which the client imports too.
 */

export const Params = z.object({ id: Id });
export const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1).max(1_000_000_000) });
export const AssetParams = z.object({ id: Id, path: z.array(z.string().max(200)).min(1).max(20) });
export const Side = z.union([z.literal('draft'), z.coerce.number().int().min(1).max(1_000_000_000)]);
export const DiffQuery = z.strictObject({ from: Side, to: Side.default('draft') });
export const SourceQuery = z.strictObject({ source: z.enum(['published', 'draft']).default('published') });
export const IfMatch = z.object({ 'if-match': z.string().optional().openapi({ example: '"r3"' }) });
