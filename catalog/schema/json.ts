/** Keys that would let JSON input reach an object's prototype once merged or spread. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const MAX_JSON_BYTES = 5 * 1024 * 1024;

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string; path?: (string | number)[] };

/**
 * JSON.parse that refuses prototype-pollution keys, nesting deeper than MAX_JSON_DEPTH and
 * oversized input, and reports a position instead of throwing.
 */
export function parseJsonSafe(text: string, maxBytes = MAX_JSON_BYTES): JsonParseResult {
  if (text.length > maxBytes) return { ok: false, message: `the file is larger than ${maxBytes} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  const problem = jsonInputProblem(value);
  if (problem) return { ok: false, ...problem };
  return { ok: true, value };
}

/**
 * The deepest nesting accepted in JSON input. A product, an order or a draft is a few levels
 * deep; a hostile body of 100,000 nested brackets parses (JSON.parse copes) but would overflow the
 * stack of any recursive walk after it.
 */
export const MAX_JSON_DEPTH = 64;

/** What refuses a parsed JSON value, and where: a prototype-pollution key, or nesting too deep. */
export interface JsonInputProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first thing in parsed JSON input that is refused: a key named __proto__, constructor or
 * prototype (it would reach an object's prototype once merged or spread), or a value nested
 * deeper than MAX_JSON_DEPTH. Null when there is none.
 */
export function jsonInputProblem(value: unknown): JsonInputProblem | null {
  const found = walk(value, 0);
  if (!found) return null;
  const last = found.pop()!;
  const path = found as (string | number)[];
  return last === TOO_DEEP
    ? { path, message: `the value is nested more than ${MAX_JSON_DEPTH} levels deep` }
    : { path: [...path, last], message: `the key "${last}" is not allowed` };
}

/** Marks, as the last element of a walk's path, that the walk went too deep there. */
const TOO_DEEP = Symbol('too deep');

/** The path to the first problem, built only once one is found (request bodies are walked on every call). */
function walk(value: unknown, depth: number): (string | number | typeof TOO_DEEP)[] | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return [TOO_DEEP];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], depth + 1);
      if (found) return (found.unshift(i), found);
    }
  } else {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (FORBIDDEN_KEYS.has(key)) return [key];
      const found = walk((value as Record<string, unknown>)[key], depth + 1);
      if (found) return (found.unshift(key), found);
    }
  }
  return null;
}
