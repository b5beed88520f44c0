import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as salesContract from '../../catalog/api/salesContract.js';
import * as studioContract from '../../catalog/api/studioContract.js';
import * as webhookContract from '../../catalog/api/webhookContract.js';
import type { Filters } from '../../client/sales/salesApi.js';
import { ErrorBody } from '../../server/http/apiRegistry.js';
import type { Same } from '../../server/http/sameType.js';
import { type OrderFilters } from '../../server/sales/salesSchemas.js';
import { createTestApp, type TestApp } from './harness.js';

/*
 * The staff APIs (studio, sales desk, webhooks) have one contract per body, in catalog/api/: the
 * server validates and documents with it, the client types its calls and checks the answers with
 * it. What would let the two drift apart again is a schema written a second time — inline in a
 * route, or in a client module — and that is what these checks refuse.
 */

// The desk's filters are a query, not a body: the client builds it from its own Filters, whose
// fields must be the server's, no more and no fewer.
const sameFilters: Same<keyof Filters, keyof z.input<typeof OrderFilters>> = true;

const contracts = new Set<unknown>(
  [studioContract, salesContract, webhookContract].flatMap((m) => Object.values(m)).filter((v) => typeof v === 'object'),
);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('sqlite');
});
afterAll(() => t.close());

interface Route {
  method: string;
  path: string;
  request?: { body?: { content: Record<string, { schema: unknown }> } };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

const staffRoutes = () =>
  t.app.ctx.api.registry.definitions
    .filter((d): d is { type: 'route'; route: Route } & typeof d => d.type === 'route')
    .map((d) => d.route)
    .filter((r) => /^\/api\/(studio|sales)\//.test(r.path));

/** Every JSON body of the route, request and answers, but the error answer every route shares. */
function jsonBodies(r: Route): { where: string; schema: unknown }[] {
  const out: { where: string; schema: unknown }[] = [];
  const body = r.request?.body?.content['application/json'];
  if (body) out.push({ where: `${r.method} ${r.path} request`, schema: body.schema });
  for (const [status, res] of Object.entries(r.responses)) {
    const schema = res.content?.['application/json']?.schema;
    if (schema && schema !== ErrorBody) out.push({ where: `${r.method} ${r.path} ${status}`, schema });
  }
  return out;
}

describe('one contract per staff API body (issue #18)', () => {
  it('the filters the client sends are the ones the server reads', () => {
    expect(sameFilters).toBe(true);
  });

  it('every JSON body of /api/studio and /api/sales is a schema of catalog/api/, not one written in the route', () => {
    const routes = staffRoutes();
    // The sweep sees the routes it is about.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'post /api/studio/products',
        'put /api/studio/products/{id}/draft',
        'post /api/studio/products/{id}/rollback',
        'put /api/studio/products/{id}/recommendation',
        'get /api/studio/thumbnails/missing',
        'post /api/sales/orders/{id}/status',
        'put /api/sales/webhook',
        'post /api/sales/webhook/test',
      ]),
    );
    const bodies = routes.flatMap(jsonBodies);
    expect(bodies.length).toBeGreaterThan(30);
    expect(bodies.filter((b) => !contracts.has(b.schema)).map((b) => b.where)).toEqual([]);
  });

  it('the client modules of the studio and the desk build no schema of their own', () => {
    for (const file of ['client/studio/studioApi.ts', 'client/sales/salesApi.ts']) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).toContain("from '../../catalog/api/");
      // zod as a type only (z.input of a contract): a module that cannot call z.object cannot drift.
      expect(text, file).not.toMatch(/^import \{[^}]*\bz\b[^}]*\} from 'zod'/m);
      expect(text, file).not.toMatch(/\bz\.(object|strictObject|looseObject|array|enum|union)\(/);
    }
  });
});
