import Logic from 'logic-solver';
import type { Choices, Condition, Product } from '../../catalog/index.js';

/**
 * An independent oracle for the engine: the product encoded straight from its rule text into
 * propositional logic for logic-solver (MiniSat), one boolean per attribute value
 * ("attr=key", keys as the engine reports them), exactly one per attribute.
 */
export class LogicPeer {
  private solver = new Logic.Solver();
  private keys = new Map<string, string[]>();

  constructor(private product: Product) {
    for (const a of product.attributes) {
      const keys = a.kind === 'text' ? ['__text__'] : a.options.map((o) => o.id);
      if (a.optional) keys.push('__none__');
      this.keys.set(a.id, keys);
      this.solver.require(Logic.exactlyOne(...keys.map((k) => term(a.id, k))));
    }
    for (const r of product.rules) {
      switch (r.kind) {
        case 'requires':
          this.solver.require(Logic.implies(this.cond(r.if), this.cond(r.then)));
          break;
        case 'excludes':
          this.solver.require(Logic.not(Logic.and(this.cond(r.if), this.cond(r.then))));
          break;
        case 'restrict':
          this.solver.require(Logic.implies(r.if ? this.cond(r.if) : Logic.TRUE, this.cond({ attr: r.attr, in: r.to })));
          break;
        case 'table':
          this.solver.require(
            Logic.or(
              ...r.rows.map((row) =>
                Logic.and(...row.flatMap((c, k) => (c === '*' ? [] : [this.known(r.attrs[k]!, c ?? '__none__')]))),
              ),
            ),
          );
          break;
        case 'price':
          break;
      }
    }
  }

  private cond(c: Condition): string | object {
    if ('all' in c) return Logic.and(...c.all.map((x) => this.cond(x)));
    if ('any' in c) return Logic.or(...c.any.map((x) => this.cond(x)));
    if ('not' in c) return Logic.not(this.cond(c.not));
    const list = 'is' in c ? [c.is] : 'in' in c ? c.in : c.notIn;
    const f = Logic.or(...list.map((v) => this.known(c.attr, v ?? '__none__')));
    return 'notIn' in c ? Logic.not(f) : f;
  }

  /** The variable of a value, or FALSE for a value the attribute cannot take (none of a required one). */
  private known(attr: string, key: string): string | object {
    return this.keys.get(attr)!.includes(key) ? term(attr, key) : Logic.FALSE;
  }

  /**
   * The values that take part in some valid configuration keeping all the choices: one
   * solveAssuming per value not yet witnessed by a solution found so far. Null when the
   * choices are inconsistent.
   */
  validValues(choices: Choices): Map<string, Set<string>> | null {
    const assumed = Object.entries(choices).map(([id, v]) => term(id, this.keyOf(id, v)));
    const base = Logic.and(...assumed);
    const witnessed = new Set<string>();
    const first = this.solver.solveAssuming(base);
    if (!first) return null;
    first.getTrueVars().forEach((v) => witnessed.add(v));
    for (const [id, keys] of this.keys) {
      for (const k of keys) {
        const t = term(id, k);
        if (witnessed.has(t)) continue;
        const s = this.solver.solveAssuming(Logic.and(base, t));
        if (s) s.getTrueVars().forEach((v) => witnessed.add(v));
      }
    }
    const out = new Map<string, Set<string>>();
    for (const [id, keys] of this.keys) out.set(id, new Set(keys.filter((k) => witnessed.has(term(id, k)))));
    return out;
  }

  private keyOf(id: string, v: Choices[string]): string {
    const a = this.product.attributes.find((x) => x.id === id)!;
    if (v === null || v === '') return '__none__';
    return a.kind === 'text' ? '__text__' : v;
  }
}

const term = (attr: string, key: string) => `${attr}=${key}`;
