import type { Request, RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Role } from '../db/schema.js';
import { AppError } from '../http/AppError.js';
import type { AuthContext, AuthService } from './authService.js';

export const SESSION_COOKIE = 'mw_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireRole: who is calling. */
    auth?: AuthContext;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Who is calling: an API token (Authorization: Bearer) first, else the session cookie. */
export async function resolveAuth(auth: AuthService, req: Request): Promise<AuthContext | null> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header);
    return m ? auth.fromToken(m[1]!) : null;
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  return cookie && cookie.length <= 200 ? auth.fromSession(cookie) : null;
}

/**
 * Middleware factory: the caller must be signed in with one of `roles` (admin always passes;
 * no roles = any signed-in account). Cookie-authenticated writes must also carry the
 * session's CSRF token in the X-CSRF-Token header; bearer tokens are not sent by browsers
 * on their own, so they need none.
 */
export function makeRequireRole(auth: AuthService) {
  return (...roles: Role[]): RequestHandler =>
    async (req, _res, next) => {
      const ctx = await resolveAuth(auth, req);
      if (!ctx) throw AppError.unauthorized();
      if (ctx.via === 'session' && !SAFE_METHODS.has(req.method)) {
        const sent = req.get(CSRF_HEADER);
        if (!sent || !ctx.csrfToken || !sameSecret(sent, ctx.csrfToken))
          throw AppError.forbidden('missing or wrong X-CSRF-Token header', 'csrf_failed');
      }
      if (roles.length && ctx.user.role !== 'admin' && !roles.includes(ctx.user.role)) throw AppError.forbidden();
      req.auth = ctx;
      next();
    };
}
