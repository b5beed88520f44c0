/** Keys that would let JSON input reach an object's prototype once merged or spread. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const MAX_JSON_BYTES = 5 * 1024 * 1024;

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string; path?: (string | number)[] };

/**
 * JSON.parse that refuses prototype-pollution keys and oversized input, and reports a
 * position instead of throwing.
 */
export function parseJsonSafe(text: string, maxBytes = MAX_JSON_BYTES): JsonParseResult {
  if (text.length > maxBytes) return { ok: false, message: `the file is larger than ${maxBytes} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  const bad = findForbiddenKey(value, []);
  if (bad) return { ok: false, message: `the key "${bad.at(-1)}" is not allowed`, path: bad };
  return { ok: true, value };
}

/** The path to the first key named __proto__, constructor or prototype, if any. */
export function findForbiddenKey(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return [...path, key];
      const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
