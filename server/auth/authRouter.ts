import { Router, type CookieOptions } from 'express';
import { z } from '../http/zod.js';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { singleLine } from '../http/text.js';
import { parseBody, parseParams } from '../http/validate.js';
import { AccountEmail } from './accountEmail.js';
import { SESSION_COOKIE } from './requireRole.js';
import { ROLES } from './usersRepository.js';

const LoginBody = z.strictObject({ email: AccountEmail, password: z.string().min(1).max(1000) }).openapi('LoginRequest');
const UserDto = z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES), createdAt: z.string() }).openapi('User');
const Me = z
  .object({
    user: UserDto,
    via: z.enum(['session', 'token']),
    csrfToken: z.string().optional().openapi({ description: 'Send as X-CSRF-Token on every cookie-authenticated write.' }),
  })
  .openapi('Me');
const CreateUserBody = z.strictObject({ email: AccountEmail, role: z.enum(ROLES), password: z.string().min(12).max(1000) });
const IdParams = z.object({ id: z.string().min(1).max(64) });
const TokenBody = z.strictObject({ name: singleLine().trim().min(1).max(200).default('api') });

export function createAuthRouter(ctx: AppContext): Router {
  const r = Router();
  const { api, auth, users, config } = ctx;
  const cookie: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/' };

  api.route(
    r,
    {
      method: 'post',
      path: '/api/auth/login',
      tags: ['auth'],
      summary: 'Sign in: sets the httpOnly session cookie and returns the CSRF token',
      request: { body: { content: { 'application/json': { schema: LoginBody } } } },
      responses: { 200: { description: 'Signed in', content: { 'application/json': { schema: Me } } } },
    },
    async (req, res) => {
      const body = parseBody(req, LoginBody);
      const s = await auth.login(body.email, body.password, req.ip ?? 'unknown');
      res.cookie(SESSION_COOKIE, s.token, { ...cookie, expires: s.expiresAt });
      res.json({ user: s.user, via: 'session', csrfToken: s.csrfToken });
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/auth/logout',
      tags: ['auth'],
      summary: 'End the session',
      roles: [],
      responses: { 204: { description: 'Signed out' } },
    },
    async (req, res) => {
      if (req.auth?.sessionHash) await auth.logout(req.auth.sessionHash);
      res.clearCookie(SESSION_COOKIE, cookie);
      res.status(204).end();
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/auth/me',
      tags: ['auth'],
      summary: 'Who is signed in (and the CSRF token of the session)',
      roles: [],
      responses: { 200: { description: 'The account', content: { 'application/json': { schema: Me } } } },
    },
    (req, res) => {
      const a = req.auth!;
      res.json({ user: a.user, via: a.via, ...(a.csrfToken ? { csrfToken: a.csrfToken } : {}) });
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/admin/users',
      tags: ['admin'],
      summary: 'List accounts',
      roles: ['admin'],
      responses: {
        200: { description: 'Accounts', content: { 'application/json': { schema: z.object({ users: z.array(UserDto) }) } } },
      },
    },
    async (_req, res) => {
      res.json({ users: await users.list() });
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/admin/users',
      tags: ['admin'],
      summary: 'Create an account',
      roles: ['admin'],
      request: { body: { content: { 'application/json': { schema: CreateUserBody } } } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: z.object({ user: UserDto }) } } } },
    },
    async (req, res) => {
      const body = parseBody(req, CreateUserBody);
      res.status(201).json({ user: await users.create(body.email, body.role, body.password) });
    },
  );

  api.route(
    r,
    {
      method: 'delete',
      path: '/api/admin/users/:id',
      tags: ['admin'],
      summary: 'Remove an account, its sessions and tokens',
      roles: ['admin'],
      request: { params: IdParams },
      responses: { 204: { description: 'Removed' } },
    },
    async (req, res) => {
      const { id } = parseParams(req, IdParams);
      const user = await users.findById(id);
      if (!user) throw AppError.notFound('no such account');
      if (user.id === req.auth!.user.id) throw AppError.conflict('cannot_remove_self', 'you cannot remove your own account');
      await users.remove(user.email);
      res.status(204).end();
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/admin/users/:id/tokens',
      tags: ['admin'],
      summary: 'Create an API token for an account (shown once)',
      roles: ['admin'],
      request: { params: IdParams, body: { content: { 'application/json': { schema: TokenBody } } } },
      responses: {
        201: {
          description: 'Token',
          content: { 'application/json': { schema: z.object({ id: z.string(), token: z.string() }) } },
        },
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, IdParams);
      const body = parseBody(req, TokenBody);
      const user = await users.findById(id);
      if (!user) throw AppError.notFound('no such account');
      res.status(201).json(await users.createToken(user.id, body.name));
    },
  );

  return r;
}
