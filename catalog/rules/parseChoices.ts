import type { Choices, Value } from '../schema/product.js';
import type { CompiledProduct } from './compileProduct.js';
import { valueIndex } from './space.js';
import type { Violation } from './types.js';

type Parsed = { ok: true; chosen: Int32Array; explicitVars: number[] } | { ok: false; violations: Violation[] };

/** Explicit choices as value indices; unknown attributes, options or unacceptable texts are violations. */
export function parseChoices(ct: CompiledProduct, choices: Choices): Parsed {
  const { space } = ct;
  const chosen = new Int32Array(space.attrs.length).fill(-1);
  const explicitVars: number[] = [];
  const violations: Violation[] = [];
  for (const [id, v] of Object.entries(choices)) {
    const x = space.index.get(id) ?? -1;
    if (x < 0) {
      violations.push({ rule: null, message: `unknown attribute "${id}"`, attrs: [id] });
      continue;
    }
    const d = valueIndex(space, x, v);
    if (d < 0) violations.push({ rule: null, message: valueMessage(ct, x, v), attrs: [id] });
    chosen[x] = d;
    explicitVars.push(x);
  }
  return violations.length ? { ok: false, violations } : { ok: true, chosen, explicitVars };
}

function valueMessage(ct: CompiledProduct, x: number, v: Value): string {
  const a = ct.space.attrs[x]!;
  if (a.kind === 'text') return v === null || v === '' ? `"${a.id}" needs a text` : `the text for "${a.id}" is not acceptable`;
  return v === null ? `"${a.id}" is not optional` : `"${a.id}" has no option "${v}"`;
}
