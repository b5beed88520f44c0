import type { z } from 'zod';

/**
 * `true` only when A and B are the same type with the same field names: a wire schema's inferred
 * type against the contract the client imports from catalog/. Used as
 * `const sameContract: Same<Inferred, Contract> = true`, so a field added on one side only fails tsc.
 */
type Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Same<A, B> = Both<A, B> extends true ? Both<keyof A, keyof B> : false;

/**
 * What a route may answer where the client checks the answer against schema S (a contract of
 * catalog/api/): S's input type. Used as `res.json(value satisfies Answer<typeof S>)`, so a field
 * the service drops or retypes fails tsc instead of the client's parse.
 */
export type Answer<S extends z.ZodType> = z.input<S>;
