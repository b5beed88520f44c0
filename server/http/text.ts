/**
 * Text from outside is checked once, at the edge (parseInput, for every body, query and path
 * parameter): no string or key may hold a control character other than tab, line feed and
 * carriage return, nor a lone UTF-16 surrogate. PostgreSQL refuses NUL in text (a 500 before
 * this check), SQLite stored it, SQLite's FTS5 cut the query at it; C0/C1 controls have no use in
 * a name, a note or a URL and only confuse exports, logs and terminals. Both databases now see
 * the same, clean text, and the caller gets a 400 naming the field.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Surrogate}/u;
/**
 * The quick test first: any control or any surrogate, paired or not, without the u flag (a
 * 2 MB snapshot is scanned ~20× faster so); only a string it flags is looked at exactly.
 */
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/;
const forbidden = (s: string) => SUSPECT.test(s) && FORBIDDEN.test(s);

export interface TextProblem {
  path: (string | number)[];
  message: string;
}

const describe = (s: string) => {
  const m = FORBIDDEN.exec(s)!;
  const cp = m[0].codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return cp >= 0xd800 && cp <= 0xdfff
    ? `is not well-formed Unicode (a lone surrogate U+${hex})`
    : `holds a control character (U+${hex}), which is not allowed`;
};

/** The first string or key in `value` with a forbidden character, with its path; null when clean. */
export function textProblem(value: unknown): TextProblem | null {
  const found = walk(value, 0);
  if (!found) return null;
  const { path, text } = found;
  return { path, message: `${path.length ? path.join('.') : 'the value'} ${describe(text)}` };
}

function walk(value: unknown, depth: number): { path: (string | number)[]; text: string } | null {
  if (typeof value === 'string') return forbidden(value) ? { path: [], text: value } : null;
  // jsonInputProblem (run before) already refuses deeper nesting.
  if (value === null || typeof value !== 'object' || depth > 100) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], depth + 1);
      if (found) return (found.path.unshift(i), found);
    }
    return null;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (forbidden(key)) return { path: [key], text: key };
    const found = walk((value as Record<string, unknown>)[key], depth + 1);
    if (found) return (found.path.unshift(key), found);
  }
  return null;
}

// One-line text is a catalog primitive: the API contracts in catalog/api/ use it too.
export { singleLine } from '../../catalog/schema/primitives.js';
