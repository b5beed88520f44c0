/** A staff session over the API, as a script holds it. */
export interface ApiSession {
  cookie: string;
  csrfToken: string;
  /** The headers of a JSON call in this session: content type, cookie and CSRF token. */
  headers: Record<string, string>;
}

/** Sign in with the API (cookie + CSRF token), as a script would. */
export async function apiLogin(baseUrl: string, email: string, password: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken } };
}
