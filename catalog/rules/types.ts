import type { LocalizedText } from '../schema/primitives.js';
import type { Choices, Configuration, Value } from '../schema/product.js';

/** A rule named in an explanation: its id and the message the producer wrote for consumers. */
export interface RuleRef {
  id: string;
  message: LocalizedText;
}

/** One explicit choice that has to change so that an option in conflict can be picked. */
export interface ChoiceChange {
  attr: string;
  from: Value;
  /** The value the attribute takes after the change (an explicit choice dropped is completed from the defaults). */
  to: Value;
}

/**
 * The state of one option (or of "none", keyed NONE_KEY, for optional attributes):
 * - available: picking it keeps every other explicit choice;
 * - conflict: some valid configuration has it, but only if the listed explicit choices change
 *   (the fewest possible);
 * - impossible: no valid configuration has it.
 * `reasons` (a search) and, in the diagram form, `changes` (a decode through the tree) are
 * computed on first read and kept; they may be read after later evaluations of the product.
 */
export type OptionState =
  | { state: 'available' }
  | { state: 'conflict'; changes: ChoiceChange[]; reasons: RuleRef[] }
  | { state: 'impossible'; reasons: RuleRef[] };

/** The key under which the "none" value of an optional attribute is reported. */
export const NONE_KEY = '__none__';

export interface AttributeEvaluation {
  id: string;
  /** The value in the completed configuration. */
  value: Value;
  /** Whether the consumer chose the value (otherwise it was completed). */
  explicit: boolean;
  /** Option id (or NONE_KEY) → state. Text attributes report NONE_KEY and TEXT_KEY. */
  options: Record<string, OptionState>;
}

/** For a text attribute, the state of "some text" is reported under this key. */
export const TEXT_KEY = '__text__';

export interface Violation {
  /** The rule broken, or null for a value that does not fit its attribute (unknown option, bad text). */
  rule: string | null;
  message: LocalizedText;
  attrs: string[];
}

/** The engine's answer to explicit choices, before pricing (`configuration/evaluate.ts` prices it). */
export type ChoicesEvaluation =
  | {
      ok: true;
      /** The explicit choices completed: defaults where they fit, else the nearest valid completion. */
      configuration: Configuration;
      attributes: Record<string, AttributeEvaluation>;
    }
  | {
      /** The explicit choices themselves cannot all hold together (or name unknown values). */
      ok: false;
      violations: Violation[];
    };

export type LintSeverity = 'error' | 'warning';

export interface LintFinding {
  severity: LintSeverity;
  code:
    | 'unsatisfiable'
    | 'dead-option'
    | 'forced-attribute'
    | 'defaults-break-rules'
    | 'rule-never-fires'
    | 'rule-never-restricts'
    | 'duplicate-rule';
  message: string;
  /** JSON path in the product document the finding concerns. */
  path: (string | number)[];
}

export type { Choices, Configuration, Value };
