import { Router } from 'express';
import { OrderPage, SalesOrderDetail, StatusChange } from '../../catalog/api/salesContract.js';
import type { AppContext } from '../context.js';
import { ErrorBody, json } from '../http/apiRegistry.js';
import type { Answer } from '../http/sameType.js';
import { parseBody, parseParams, parseQuery } from '../http/validate.js';
import { SalesRepository } from './salesRepository.js';
import { DetailQuery, ListQuery, OrderIdParams } from './salesSchemas.js';
import { SalesService } from './salesService.js';

/** The sales desk API: /api/sales/orders… for the roles sales and admin (exports: exports/, webhook settings: webhooks/). */
export function createSalesRouter(ctx: AppContext): Router {
  const r = Router();
  const repo = new SalesRepository(ctx.db.kysely, ctx.db);
  const service = new SalesService(repo, ctx.catalog);
  const roles: ['sales'] = ['sales'];

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders',
      tags: ['sales'],
      summary: 'A page of orders: filtered, sorted and paginated (keyset) by the server',
      roles,
      request: { query: ListQuery },
      responses: { 200: json(OrderPage, 'The page; nextCursor is null on the last one') },
    },
    async (req, res) => {
      res.setHeader('Cache-Control', 'private, no-store');
      res.json((await service.list(parseQuery(req, ListQuery))) satisfies Answer<typeof OrderPage>);
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders/:id',
      tags: ['sales'],
      summary: 'One order: configuration in the labels of its catalog version, price breakdown, customer, status history',
      roles,
      request: { params: OrderIdParams, query: DetailQuery },
      responses: { 200: json(SalesOrderDetail, 'The order'), 404: json(ErrorBody, 'No such order') },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const { locale } = parseQuery(req, DetailQuery);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json((await service.detail(id, locale)) satisfies Answer<typeof SalesOrderDetail>);
    },
  );

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/sales/orders/:id/status',
      tags: ['sales'],
      summary:
        'Move an order on (received → in_production → shipped, or cancelled before shipping) or one step back (undo); "shipped" takes a tracking number and carrier',
      roles,
      request: { params: OrderIdParams, query: DetailQuery, body: { content: { 'application/json': { schema: StatusChange } } } },
      responses: {
        200: json(SalesOrderDetail, 'The order after the change'),
        404: json(ErrorBody, 'No such order'),
        409: json(ErrorBody, 'invalid_transition (details.allowed lists where it can go) or status_changed_meanwhile'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const { locale } = parseQuery(req, DetailQuery);
      const body = parseBody(req, StatusChange);
      const user = req.auth!.user;
      const shipment = { trackingNumber: body.trackingNumber ?? null, carrier: body.carrier ?? null };
      const order = await service.changeStatus(
        id,
        body.status,
        { id: user.id, email: user.email },
        body.note ?? null,
        shipment,
        locale,
      );
      res.json(order satisfies Answer<typeof SalesOrderDetail>);
    },
  );

  return r;
}
