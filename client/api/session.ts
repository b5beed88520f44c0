import { z } from 'zod';
import { requestJson } from './http.js';

/**
 * The signed-in staff session (studio and sales desk alike): one home for its CSRF token and
 * for the request options every signed-in call uses. The session itself is an httpOnly cookie;
 * the server wants the token it gave at sign-in back as `X-CSRF-Token` on every write.
 */
export const SessionUser = z.object({ id: z.string(), email: z.string(), role: z.enum(['producer', 'sales', 'admin']) });
export type SessionUser = z.infer<typeof SessionUser>;
export const Me = z.object({ user: SessionUser, csrfToken: z.string().optional() });
export type Me = z.infer<typeof Me>;

let csrfToken: string | null = null;

/** Request options of a signed-in call: same-origin cookie, a JSON body when given, the CSRF token on writes. */
export function sessionInit(method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(csrfToken && method !== 'GET' && method !== 'HEAD' ? { 'X-CSRF-Token': csrfToken } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

const remember = (me: Me): Me => {
  csrfToken = me.csrfToken ?? null;
  return me;
};

/** Who is signed in (401 ApiError when nobody is); keeps the session's token for later writes. */
export const fetchMe = async (signal?: AbortSignal): Promise<Me> =>
  remember(await requestJson('/api/auth/me', Me, { ...sessionInit('GET'), ...(signal ? { signal } : {}) }));

export const signIn = async (email: string, password: string): Promise<Me> =>
  remember(await requestJson('/api/auth/login', Me, sessionInit('POST', { email, password })));

export async function signOut(): Promise<void> {
  try {
    await fetch('/api/auth/logout', sessionInit('POST'));
  } finally {
    csrfToken = null;
  }
}
