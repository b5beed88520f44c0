/**
 * Accounts from the command line, on the database the server uses (DATA_DIR / DATABASE_URL):
 *   npm run users -- add <email> --role producer|sales|admin   (password from standard input)
 *   npm run users -- list
 *   npm run users -- remove <email>
 *   npm run users -- reset <email>                             (new password from standard input)
 *   npm run users -- token <email> [--name <label>]            (prints a new API token)
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES, UsersRepository } from '../server/auth/usersRepository.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { migrations } from '../server/migrations.js';
import { AppError } from '../server/http/AppError.js';

const USAGE = `usage: npm run users -- <command>
  add <email> --role <${ROLES.join('|')}>   password read from standard input
  list
  remove <email>
  reset <email>                          new password read from standard input
  token <email> [--name <label>]         prints a new API token (shown once)`;

const MIN_PASSWORD = 12;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`Password (at least ${MIN_PASSWORD} characters): `);
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, email] = positionals;
  if (values.help || !command) fail(USAGE);
  const needsEmail = command !== 'list';
  if (needsEmail && (!email || !z.email().safeParse(email).success)) fail(`${command}: give an e-mail address\n${USAGE}`);

  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  let config;
  try {
    config = loadConfig(process.env, root);
  } catch (e) {
    fail(e instanceof ConfigError ? e.message : String(e));
  }
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    dataDir: config.dataDir,
  });
  try {
    await migrateToLatest(db, migrations);
    const users = new UsersRepository(db.kysely);
    switch (command) {
      case 'add': {
        const role = z.enum(ROLES).safeParse(values.role);
        if (!role.success) fail(`add: --role must be one of ${ROLES.join(', ')}`);
        const password = await readPassword();
        if (password.length < MIN_PASSWORD) fail(`the password must be at least ${MIN_PASSWORD} characters`);
        const u = await users.create(email!, role.data, password);
        console.log(`added ${u.email} (${u.role})`);
        break;
      }
      case 'list': {
        for (const u of await users.list()) console.log(`${u.email}\t${u.role}\t${u.createdAt}`);
        break;
      }
      case 'remove': {
        if (!(await users.remove(email!))) fail(`no account ${email}`);
        console.log(`removed ${email}`);
        break;
      }
      case 'reset': {
        if (!(await users.findByEmail(email!))) fail(`no account ${email}`);
        const password = await readPassword();
        if (password.length < MIN_PASSWORD) fail(`the password must be at least ${MIN_PASSWORD} characters`);
        await users.resetPassword(email!, password);
        console.log(`new password set for ${email}; its sessions are ended`);
        break;
      }
      case 'token': {
        const u = await users.findByEmail(email!);
        if (!u) fail(`no account ${email}`);
        const { token } = await users.createToken(u.id, values.name ?? 'cli');
        console.log(token);
        break;
      }
      default:
        fail(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof AppError) fail(e.message);
    throw e;
  } finally {
    await db.close();
  }
}

await main();
