import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler, Router } from 'express';
import { z } from './zod.js';
import type { Role } from '../db/schema.js';

/** An OpenAPI response of JSON: its description and schema. */
export const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec extends Omit<RouteConfig, 'method' | 'path' | 'responses'> {
  method: Method;
  /** Express-style path, e.g. "/api/orders/:id"; written as "/api/orders/{id}" in the document. */
  path: string;
  /** Who may call it (admin always may). Omit for a public route. */
  roles?: Role[];
  responses?: RouteConfig['responses'];
}

/**
 * One place where a route is both mounted and described: `api.route(router, spec, handler)`
 * adds the role check the spec names and registers the operation in the OpenAPI document,
 * so the document cannot drift from what is served. Feature folders register theirs the same way.
 */
export class ApiRegistry {
  readonly registry = new OpenAPIRegistry();

  constructor(private readonly requireRole: (...roles: Role[]) => RequestHandler) {
    this.registry.registerComponent('securitySchemes', 'session', {
      type: 'apiKey',
      in: 'cookie',
      name: 'mw_session',
      description: 'Session cookie set by POST /api/auth/login. Writes also need the X-CSRF-Token header.',
    });
    this.registry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'API token from `npm run users -- token <email>`.',
    });
  }

  route(router: Router, spec: RouteSpec, ...handlers: RequestHandler[]): void {
    const { roles, path, responses, ...rest } = spec;
    const openapiPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*([A-Za-z0-9_]+)/g, '{$1}');
    const std: RouteConfig['responses'] = {
      400: errorResponse('Malformed or invalid request'),
      ...(roles ? { 401: errorResponse('Not signed in'), 403: errorResponse('Role not allowed, or CSRF token missing') } : {}),
    };
    this.registry.registerPath({
      ...rest,
      method: spec.method,
      path: openapiPath,
      responses: { ...std, ...(responses ?? { 200: { description: 'OK' } }) },
      ...(roles
        ? {
            security: [{ session: [] }, { bearer: [] }],
            'x-roles': roles.length ? [...new Set([...roles, 'admin'])] : ['producer', 'sales', 'admin'],
          }
        : {}),
    });
    const chain = roles ? [this.requireRole(...roles), ...handlers] : handlers;
    router[spec.method](path, ...chain);
  }

  /** The OpenAPI 3.1 document of every registered route. */
  document(info: { version: string; serverUrl?: string | undefined }) {
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Maatwerk API',
        version: info.version,
        description: 'Catalog, configuration checks and orders. Errors are always `{ error: { code, message, details } }`.',
      },
      ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    });
  }
}
