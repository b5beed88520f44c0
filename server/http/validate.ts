import type { Request } from 'express';
import type { z } from 'zod';
import { AppError } from './AppError.js';
import { jsonInputProblem } from '../../catalog/index.js';
import { textProblem } from './text.js';

export interface IssueDetail {
  path: (string | number)[];
  message: string;
}

export function zodDetails(error: z.ZodError): IssueDetail[] {
  return error.issues.slice(0, 50).map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
}

/**
 * Parse untrusted input with a zod schema: the value, or a 400 listing what is wrong. Every body,
 * query and path parameter comes this way, so this is where outside text is normalised: forbidden
 * keys, nesting, and control characters (http/text.ts) are refused here, before any schema.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params' = 'body',
): z.output<S> {
  const problem = jsonInputProblem(value);
  if (problem) throw new AppError(400, 'invalid_request', problem.message, [problem]);
  const text = textProblem(value);
  if (text) throw new AppError(400, 'invalid_request', `the request ${where}: ${text.message}`, [text]);
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError(400, 'invalid_request', `the request ${where} is not valid`, zodDetails(r.error));
  return r.data;
}

export const parseBody = <S extends z.ZodType>(req: Request, schema: S): z.output<S> =>
  parseInput(schema, req.body ?? {}, 'body');
export const parseQuery = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parseInput(schema, req.query, 'query');
export const parseParams = <S extends z.ZodType>(req: Request, schema: S): z.output<S> =>
  parseInput(schema, req.params, 'params');
