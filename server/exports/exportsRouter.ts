import { Router } from 'express';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { ErrorBody, json, type RouteSpec } from '../http/apiRegistry.js';
import { parseParams, parseQuery } from '../http/validate.js';
import { z } from '../http/zod.js';
import { SalesRepository } from '../sales/salesRepository.js';
import { ExportQuery, OrderIdParams } from '../sales/salesSchemas.js';
import { SalesService } from '../sales/salesService.js';
import { TaskError } from '../workers/taskPool.js';
import { EXPORT_TYPES, writeExport } from './orderExport.js';

/** A production sheet's time budget in its thread (a 4096×4096 snapshot takes ~1–5 s on a busy 2-core machine). */
const SHEET_TIMEOUT_MS = 30_000;

/** The desk's tag and roles, on both routes. */
const desk: Pick<RouteSpec, 'tags' | 'roles'> = { tags: ['sales'], roles: ['sales'] };

/**
 * What the sales desk takes away (roles sales and admin): every order matching the desk's filters
 * as a file, and an order's production sheet. Mounted before the desk's router, whose
 * /api/sales/orders/:id would otherwise take /api/sales/orders/export.
 */
export function createExportsRouter(ctx: AppContext): Router {
  const r = Router();
  const service = new SalesService(new SalesRepository(ctx.db.kysely, ctx.db), ctx.catalog);
  const { repo } = service;

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders/export',
      ...desk,
      summary: 'Every order matching the filters, streamed: CSV wide or long (UTF-8 with BOM), .xlsx, or JSON Lines',
      request: { query: ExportQuery },
      responses: {
        200: {
          description:
            'The file (Content-Disposition: attachment). Cells that a spreadsheet would run as a formula start with an apostrophe.',
          content: {
            'text/csv': { schema: z.string() },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: z.string().openapi({ format: 'binary' }),
            },
            'application/x-ndjson': { schema: z.string() },
          },
        },
      },
    },
    async (req, res) => {
      const q = parseQuery(req, ExportQuery);
      const { format, locale, ...filters } = q;
      const type = EXPORT_TYPES[format];
      const stamp = new Date().toISOString().slice(0, 10);
      res.setHeader('Content-Type', type.contentType);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="orders-${stamp}${format === 'csv-long' ? '-long' : ''}.${type.extension}"`,
      );
      res.setHeader('Cache-Control', 'private, no-store');
      try {
        await writeExport(repo, filters, format, res, locale);
        res.end();
      } catch (e) {
        // Headers are gone: the only honest signal left is a broken stream.
        req.log?.warn({ err: e }, 'export aborted');
        res.destroy();
      }
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders/:id/production-sheet.pdf',
      ...desk,
      summary: 'The production sheet: variant code, every part with its option and SKU fragment, personal text, snapshot',
      request: { params: OrderIdParams },
      responses: {
        200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: json(ErrorBody, 'No such order'),
        500: json(ErrorBody, 'The sheet could not be made (logged)'),
        503: json(ErrorBody, 'Too many sheets being made; retry'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const detail = await service.detail(id);
      const snapshot = detail.snapshotUrl
        ? await repo.db.selectFrom('order_snapshots').select('png').where('order_id', '=', id).executeTakeFirst()
        : undefined;
      const origin = ctx.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      // Made in a task thread: the snapshot is proven and redrawn there before pdfkit sees it, and
      // a sheet that overruns its budget or memory ends that thread, not this process.
      const sheet = await ctx.tasks
        .run(
          'productionSheet',
          { order: detail, snapshot: snapshot ? Buffer.from(snapshot.png) : null, orderUrl: `${origin}/sales/orders/${id}` },
          { timeoutMs: SHEET_TIMEOUT_MS },
        )
        .catch((e: unknown) => {
          ctx.logger.error({ err: e, orderId: id, code: (e as TaskError).code }, 'production sheet failed');
          if (e instanceof TaskError && e.code === 'tasks_busy')
            throw new AppError(503, 'busy', 'the server is making other sheets; try again shortly', undefined, {
              'Retry-After': '5',
            });
          throw new AppError(500, 'sheet_failed', `the production sheet of order ${detail.number} could not be made`);
        });
      if (sheet.snapshot.status === 'refused')
        ctx.logger.warn(
          { orderId: id, code: sheet.snapshot.code, reason: sheet.snapshot.message },
          'snapshot left out of the production sheet',
        );
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="order-${detail.number}.pdf"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(Buffer.from(sheet.pdf.buffer, sheet.pdf.byteOffset, sheet.pdf.byteLength));
    },
  );

  return r;
}
