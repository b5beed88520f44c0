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
  const found = forbiddenKeyPath(value);
  return found ? [...path, ...found] : null;
}

/** The path to the first forbidden key, built only once one is found (request bodies are walked on every call). */
function forbiddenKeyPath(value: unknown): (string | number)[] | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenKeyPath(value[i]);
      if (found) return (found.unshift(i), found);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (FORBIDDEN_KEYS.has(key)) return [key];
      const found = forbiddenKeyPath((value as Record<string, unknown>)[key]);
      if (found) return (found.unshift(key), found);
    }
  }
  return null;
}
