import { z } from '../http/zod.js';

/**
 * The one rule for an account's e-mail, wherever one enters (ADMIN_EMAIL, sign-in, new
 * accounts, `npm run users`): the HTML standard's "valid e-mail address", which is exactly what
 * the sign-in form's `<input type="email">` accepts. It allows a host without a dot, so the
 * default first admin `admin@localhost` is an address the form and POST /api/auth/login both
 * take. (Customers' addresses on orders keep the stricter check: those must be deliverable.)
 */
export const AccountEmail = z.email({ pattern: z.regexes.html5Email, message: 'an e-mail address' }).max(320);

/** The first admin's e-mail when ADMIN_EMAIL is not set. */
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';
