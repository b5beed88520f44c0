import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../harness.js';
import { auth, mugWithNavy } from './studioSupport.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const routes: [string, string][] = [
    ['get', '/api/studio/products'],
    ['get', '/api/studio/products/mini-mug/draft'],
    ['get', '/api/studio/products/mini-mug/versions'],
    ['get', '/api/studio/products/mini-mug/diff?from=1&to=1'],
    ['get', '/api/studio/products/mini-mug/model'],
    ['get', '/api/studio/products/mini-mug/export'],
    ['get', '/api/studio/export'],
    ['post', '/api/studio/products/mini-mug/publish'],
    ['post', '/api/studio/import'],
    ['put', '/api/studio/products/mini-mug/draft'],
  ];

  describe('studio access per role', () => {
    it('lets producers and admins in, keeps sales and strangers out', async () => {
      const producer = await t.userWithToken('producer');
      const admin = await t.userWithToken('admin');
      const sales = await t.userWithToken('sales');
      for (const [method, url] of routes) {
        const call = () => (request(t.app) as unknown as Record<string, (u: string) => request.Test>)[method]!(url);
        expect((await call()).status, `${method} ${url} anonymous`).toBe(401);
        expect((await call().set(auth(sales.token))).status, `${method} ${url} sales`).toBe(403);
        if (method === 'get') {
          expect((await call().set(auth(producer.token))).status, `${method} ${url} producer`).toBe(200);
          expect((await call().set(auth(admin.token))).status, `${method} ${url} admin`).toBe(200);
        }
      }
    });

    it('needs the CSRF token on cookie-authenticated writes', async () => {
      const producer = await t.userWithToken('producer');
      const agent = request.agent(t.app);
      const login = await agent.post('/api/auth/login').send({ email: producer.email, password: producer.password });
      expect(login.status).toBe(200);
      const draft = await agent.get('/api/studio/products/mini-mug/draft');
      expect(draft.status).toBe(200);
      const without = await agent
        .put('/api/studio/products/mini-mug/draft')
        .set('If-Match', draft.headers.etag!)
        .send(mugWithNavy());
      expect(without.status).toBe(403);
      const withCsrf = await agent
        .put('/api/studio/products/mini-mug/draft')
        .set('If-Match', draft.headers.etag!)
        .set('X-CSRF-Token', login.body.csrfToken)
        .send(mugWithNavy());
      expect(withCsrf.status).toBe(200);
    });

    it('describes every studio route in the OpenAPI document', async () => {
      const doc = (await request(t.app).get('/api/openapi.json')).body as {
        paths: Record<string, Record<string, { 'x-roles'?: string[] }>>;
      };
      for (const p of [
        '/api/studio/products',
        '/api/studio/products/{id}/draft',
        '/api/studio/products/{id}/publish',
        '/api/studio/products/{id}/versions',
        '/api/studio/products/{id}/diff',
        '/api/studio/products/{id}/rollback',
        '/api/studio/products/{id}/draft/assets/{path}',
        '/api/studio/export',
        '/api/studio/import',
      ])
        expect(doc.paths[p], p).toBeDefined();
      expect(doc.paths['/api/studio/products/{id}/draft']!.put!['x-roles']).toEqual(['producer', 'admin']);
    });
  });
});
