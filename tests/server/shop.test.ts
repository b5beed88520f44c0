import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.js';

describe('GET /api/shop: the settings the storefront needs', () => {
  const apps: TestApp[] = [];
  afterAll(async () => Promise.all(apps.map((a) => a.close())));

  it('names the public address (PUBLIC_URL) when it is set, and null when not', async () => {
    const withUrl = await createTestApp('sqlite', { settings: { publicUrl: 'https://shop.example.com' } });
    const without = await createTestApp('sqlite');
    apps.push(withUrl, without);
    const a = await request(withUrl.app).get('/api/shop');
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ publicUrl: 'https://shop.example.com' });
    expect((await request(without.app).get('/api/shop')).body).toEqual({ publicUrl: null });
  });
});
