import type { Logger } from 'pino';
import { randomToken } from './auth/crypto.js';
import type { UsersRepository } from './auth/usersRepository.js';
import { AppError } from './http/AppError.js';

/**
 * First start with no accounts: make an admin with a random password and print it once.
 * Two instances starting together: one creates it, the other finds the e-mail taken.
 */
export async function createFirstAdmin(users: UsersRepository, email: string, logger: Logger, print: (s: string) => void) {
  if ((await users.count()) > 0) return null;
  const password = randomToken(18);
  try {
    await users.create(email, 'admin', password);
  } catch (e) {
    if (e instanceof AppError && e.code === 'user_exists') return null;
    throw e;
  }
  logger.info({ email }, 'created the first admin account');
  print(
    [
      '',
      '  No accounts yet: created an admin.',
      `    e-mail:   ${email}`,
      `    password: ${password}`,
      '  Sign in at /studio and change it with `npm run users -- reset <email>`. This is shown once.',
      '',
    ].join('\n'),
  );
  return { email, password };
}
