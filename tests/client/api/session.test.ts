import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../client/api/http.js';

type Call = { url: string; init: RequestInit };

/** A server that signs in with token "tok-1" and records what each request sent. */
function fakeServer() {
  const calls: Call[] = [];
  const me = { user: { id: 'u1', email: 'clerk@example.com', role: 'sales' }, csrfToken: 'tok-1' };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    if (url === '/api/auth/login' || url === '/api/auth/me') return Response.json(me);
    if (url === '/api/auth/logout') return new Response(null, { status: 204 });
    return Response.json({ ok: true, statusCode: 200, error: null, durationMs: 3 });
  });
  return calls;
}

const header = (c: Call, name: string) => (c.init.headers as Record<string, string> | undefined)?.[name];

describe('the staff session: one CSRF token for the studio and the sales desk', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the token from sign-in on writes only, and forgets it on sign-out', async () => {
    const calls = fakeServer();
    const { sessionInit, signIn, signOut } = await import('../../../client/api/session.js');
    expect(header({ url: '', init: sessionInit('POST', {}) }, 'X-CSRF-Token')).toBeUndefined();
    await signIn('clerk@example.com', 'secret');
    const post = sessionInit('POST', { a: 1 });
    expect(header({ url: '', init: post }, 'X-CSRF-Token')).toBe('tok-1');
    expect(header({ url: '', init: post }, 'Content-Type')).toBe('application/json');
    expect(post.body).toBe('{"a":1}');
    expect(header({ url: '', init: sessionInit('GET') }, 'X-CSRF-Token')).toBeUndefined();
    // The studio's and the desk's calls go through the same options.
    const { salesApi } = await import('../../../client/sales/salesApi.js');
    await salesApi.testWebhook();
    expect(header(calls.at(-1)!, 'X-CSRF-Token')).toBe('tok-1');
    await signOut();
    expect(header(calls.at(-1)!, 'X-CSRF-Token')).toBe('tok-1'); // the sign-out itself is a write
    expect(header({ url: '', init: sessionInit('PUT', {}) }, 'X-CSRF-Token')).toBeUndefined();
  });

  it('says 401 when nobody is signed in', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'unauthorized', message: 'sign in' } }, { status: 401 }));
    const { fetchMe } = await import('../../../client/api/session.js');
    await expect(fetchMe()).rejects.toBeInstanceOf(ApiError);
    const { me } = await import('../../../client/studio/studioApi.js');
    expect(await me()).toBeNull();
  });
});
