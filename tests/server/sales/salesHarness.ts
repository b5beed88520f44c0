import request from 'supertest';
import type { AppSettings } from '../../../server/context.js';
import { createTestApp, newKey, pngDataUrl, tinyPng, validOrder, type TestApp, type TestDialect } from '../harness.js';

export type SalesTestApp = TestApp & {
  sales: { token: string; email: string };
  admin: { token: string; email: string };
  producer: { token: string };
  /** Place an order through the real API (so it is checked and priced like any other). */
  place(overrides?: Record<string, unknown>): Promise<{ id: string; number: number; variantCode: string; total: number }>;
  get(path: string, token?: string): request.Test;
  post(path: string, body: object, token?: string): request.Test;
  put(path: string, body: object, token?: string): request.Test;
};

/** The server test app plus a sales, an admin and a producer account with bearer tokens. */
export async function createSalesApp(
  dialect: TestDialect,
  // Sales tests point webhooks at receivers on this machine: allowed as in development, unless a
  // test checks the production rule ({ webhookAllowPrivate: false }).
  settings: Partial<AppSettings> = { webhookAllowPrivate: true },
): Promise<SalesTestApp> {
  const t = await createTestApp(dialect, { settings });
  const sales = await t.userWithToken('sales');
  const admin = await t.userWithToken('admin');
  const producer = await t.userWithToken('producer');
  const auth = (r: request.Test, token?: string) => (token ? r.set('Authorization', `Bearer ${token}`) : r);
  return {
    ...t,
    sales,
    admin,
    producer,
    async place(overrides = {}) {
      const res = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder(overrides));
      if (res.status !== 201) throw new Error(`order not placed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; number: number; variantCode: string; total: number };
    },
    get: (path, token = sales.token) => auth(request(t.app).get(path), token),
    post: (path, body, token = sales.token) => auth(request(t.app).post(path), token).send(body),
    put: (path, body, token = admin.token) => auth(request(t.app).put(path), token).send(body),
  };
}

export { DIALECTS } from '../harness.js';
export { pngDataUrl, tinyPng, validOrder };
