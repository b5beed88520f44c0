import { Router } from 'express';
import { z } from '../http/zod.js';
import type { AppContext } from '../context.js';
import { scheduleHourlyPurge } from '../db/purge.js';
import { ErrorBody, json } from '../http/apiRegistry.js';
import { parseBody, parseParams } from '../http/validate.js';
import { ConfigurationIdParams, ConfigurationRequest, ConfigurationView } from './configurationSchemas.js';
import { ConfigurationsRepository } from './configurationsRepository.js';
import { ConfigurationsService, toConfigurationView } from './configurationsService.js';

/** The saved-configuration service of an app (one per app: no module singletons). */
export function configurationsService(ctx: AppContext): ConfigurationsService {
  return new ConfigurationsService(
    ctx.catalog,
    new ConfigurationsRepository(ctx.db.kysely),
    ctx.config.configurationTtlMs,
    Date.now,
    ctx.engine,
  );
}

/** POST/GET /api/configurations: what a shop's cart line points at (issue #17). */
export function createConfigurationsRouter(ctx: AppContext): Router {
  const r = Router();
  const service = configurationsService(ctx);
  // Expired records are deleted a week after they expire: a minute after start, then hourly.
  scheduleHourlyPurge(ctx.logger, 'expired configurations', () => service.purgeExpired());

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/configurations',
      tags: ['configurations'],
      summary: 'Save a configuration: completed, checked and priced by the server, kept unchanged until it expires',
      request: { body: { content: { 'application/json': { schema: ConfigurationRequest } } } },
      responses: {
        201: json(ConfigurationView, 'The saved configuration'),
        400: json(ErrorBody, 'Malformed body (a price, total or configuration in it is refused)'),
        404: json(ErrorBody, 'Unknown product'),
        409: json(ErrorBody, 'stale_version: the choices no longer hold in details.currentVersion'),
        422: json(ErrorBody, 'invalid_configuration (details.violations)'),
      },
    },
    async (req, res) => {
      const body = parseBody(req, ConfigurationRequest);
      const saved = await service.save(body);
      res.setHeader('Location', `/api/configurations/${saved.id}`);
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(saved);
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/configurations/:id',
      tags: ['configurations'],
      summary: 'A saved configuration, for whoever holds its id (a shop back end, production)',
      request: { params: ConfigurationIdParams },
      responses: {
        200: json(ConfigurationView, 'The configuration'),
        404: json(ErrorBody, 'No such configuration'),
        410: json(ErrorBody, 'configuration_expired'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, ConfigurationIdParams);
      const row = await service.get(id);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(toConfigurationView(row));
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/configurations/:id/snapshot.png',
      tags: ['configurations'],
      summary: 'The PNG the consumer saw when saving the configuration',
      request: { params: ConfigurationIdParams },
      responses: {
        200: { description: 'PNG', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: json(ErrorBody, 'No such configuration, or no snapshot'),
        410: json(ErrorBody, 'configuration_expired'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, ConfigurationIdParams);
      const png = await service.snapshot(id);
      res.setHeader('Content-Type', 'image/png');
      res.setHeader('Cache-Control', 'private, max-age=3600');
      // Shown by the shop's own pages (the cart line's picture): not same-origin only.
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.end(png);
    },
  );

  return r;
}
