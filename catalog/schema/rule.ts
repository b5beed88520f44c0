import { z } from 'zod';
import { Id, LocalizedText, Money } from './primitives.js';

/**
 * A value of an attribute in a condition: an option id, or null for "none" (an optional
 * attribute left empty, or a text attribute with no text). For a text attribute, any string
 * other than null means "some text".
 */
export const ConditionValue = Id.nullable();

export type Condition =
  | { attr: string; is: string | null }
  | { attr: string; in: (string | null)[] }
  | { attr: string; notIn: (string | null)[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ attr: Id, is: ConditionValue }),
    z.strictObject({ attr: Id, in: z.array(ConditionValue).min(1).max(500) }),
    z.strictObject({ attr: Id, notIn: z.array(ConditionValue).min(1).max(500) }),
    z.strictObject({ all: z.array(Condition).min(1).max(100) }),
    z.strictObject({ any: z.array(Condition).min(1).max(100) }),
    z.strictObject({ not: Condition }),
  ]),
);

const ruleBase = {
  id: Id,
  /** Told to the consumer when this rule makes an option unavailable: say why. */
  message: LocalizedText,
};

/** When `if` holds, `then` must hold too. */
export const RequiresRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('requires'),
  if: Condition,
  then: Condition,
});

/** `if` and `then` never hold together. */
export const ExcludesRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('excludes'),
  if: Condition,
  then: Condition,
});

/** When `if` holds (always, without it), attribute `attr` takes one of the options `to`. */
export const RestrictRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('restrict'),
  if: Condition.optional(),
  attr: Id,
  to: z.array(ConditionValue).min(1).max(500),
});

/**
 * The allowed combinations of some attributes: every configuration matches one row. A cell
 * is an option id, null for "none", or "*" for any value.
 */
export const TableRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('table'),
  attrs: z.array(Id).min(1).max(32),
  rows: z
    .array(z.array(z.union([Id, z.null(), z.literal('*')])).max(32))
    .min(1)
    .max(100_000),
});

/** A surcharge (positive) or discount (negative) added to the price when `if` holds. */
export const PriceRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('price'),
  if: Condition,
  amount: Money,
  /** The line on the price breakdown, e.g. "Launch discount". */
  label: LocalizedText,
});

export const Rule = z.discriminatedUnion('kind', [RequiresRule, ExcludesRule, RestrictRule, TableRule, PriceRule]);
export type RequiresRule = z.infer<typeof RequiresRule>;
export type ExcludesRule = z.infer<typeof ExcludesRule>;
export type RestrictRule = z.infer<typeof RestrictRule>;
export type TableRule = z.infer<typeof TableRule>;
export type PriceRule = z.infer<typeof PriceRule>;
export type Rule = z.infer<typeof Rule>;
/** Rules that limit which configurations are valid (all but price rules). */
export type ConstraintRule = Exclude<Rule, PriceRule>;
