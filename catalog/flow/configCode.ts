import type { LocalizedText } from '../schema/primitives.js';
import type { Choices, Product, Value } from '../schema/product.js';
import { isEmptyText, textProblem } from '../schema/validateProduct.js';
import { evaluate } from '../configuration/evaluate.js';
import { NONE_KEY, TEXT_KEY, type RuleRef } from '../rules/types.js';

/**
 * Configuration codes for share links.
 *
 * Format 1, all characters URL-safe (RFC 3986 unreserved), fields separated by ".":
 *
 *   1.<productId>.<version base36>[.<choice>]*.<checksum>
 *
 * where a choice is `<attr>~<option>`, `<attr>~_` for none, or `<attr>~~<base64url utf-8>`
 * for a personal text (a text that happens to be kebab-case may be written like an option id:
 * the attribute's kind decides how a value is read), and the checksum is FNV-1a (32 bit) of everything before it, in base36
 * padded to 7 characters. Ids (not positions) are written so that a code made against an
 * older catalog version still names what the consumer chose, and decoding can say exactly what
 * no longer exists. Catalog ids are kebab-case, so they need no escaping.
 *
 * The checksum catches truncated, mistyped and hand-edited codes; it is no signature (anyone
 * can recompute it), which is fine: the server re-checks every order against the catalog.
 */
export const CONFIG_CODE_FORMAT = '1';

/** The longest code accepted for decoding; a larger input is refused before any parsing. */
export const MAX_CONFIG_CODE_LENGTH = 64 * 1024;

export interface ConfigCodeInput {
  productId: string;
  version: number;
  choices: Choices;
}

export type DroppedReason =
  'unknown-attribute' | 'unknown-option' | 'not-optional' | 'text-not-allowed' | 'impossible' | 'conflict';

/** A choice carried by a code that could not be kept, and why. */
export interface DroppedChoice {
  attr: string;
  value: Value;
  reason: DroppedReason;
  /** A sentence for the consumer (English; the reason code is for translations). */
  message: string;
  /** For 'impossible' and 'conflict': the rules involved. */
  rules?: RuleRef[];
}

export type ConfigCodeError = 'malformed' | 'checksum' | 'unsupported-format' | 'other-product';

export type DecodedConfigCode =
  | {
      ok: true;
      productId: string;
      /** The catalog version the code was made with. */
      version: number;
      /** True when that is not the version it was decoded against. */
      stale: boolean;
      /** The choices kept: together they evaluate to a valid configuration. */
      choices: Choices;
      /** The choices that could not be kept, in code order. */
      dropped: DroppedChoice[];
    }
  | { ok: false; error: ConfigCodeError; message: string };

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const CHECKSUM_LENGTH = 7;

/** FNV-1a, 32 bit, over UTF-16 code units (codes are ASCII before the checksum). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function checksum(payload: string): string {
  return fnv1a(payload).toString(36).padStart(CHECKSUM_LENGTH, '0');
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string | null {
  if (!BASE64URL.test(s) || s.length % 4 === 1) return null;
  try {
    const binary = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The share code of a product's explicit choices. Text values are written as given; option
 * values must be option ids (or null). Throws for ids that are not kebab-case (a bug: catalog
 * ids always are) or a version that is not a non-negative integer.
 */
export function encodeConfigCode({ productId, version, choices }: ConfigCodeInput): string {
  if (!ID.test(productId)) throw new TypeError(`not a catalog id: ${JSON.stringify(productId)}`);
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`not a catalog version: ${version}`);
  const fields = [CONFIG_CODE_FORMAT, productId, version.toString(36)];
  for (const [attr, value] of Object.entries(choices)) {
    if (!ID.test(attr)) throw new TypeError(`not an attribute id: ${JSON.stringify(attr)}`);
    if (value === null) fields.push(`${attr}~_`);
    else if (ID.test(value)) fields.push(`${attr}~${value}`);
    else fields.push(`${attr}~~${toBase64Url(value)}`);
  }
  const payload = fields.join('.');
  return `${payload}.${checksum(payload)}`;
}

/** A choice as written in a code: an option id, none, or a text. */
type RawChoice =
  | { attr: string; kind: 'option'; value: string }
  | { attr: string; kind: 'none' }
  | { attr: string; kind: 'text'; value: string };

type Parsed =
  { ok: true; productId: string; version: number; choices: RawChoice[] } | { ok: false; error: ConfigCodeError; message: string };

function parse(code: string): Parsed {
  const bad = (error: ConfigCodeError, message: string): Parsed => ({ ok: false, error, message });
  if (typeof code !== 'string' || code.length > MAX_CONFIG_CODE_LENGTH)
    return bad('malformed', 'This is not a configuration code.');
  const trimmed = code.trim();
  const cut = trimmed.lastIndexOf('.');
  if (cut < 0) return bad('malformed', 'This is not a configuration code.');
  const payload = trimmed.slice(0, cut);
  const sum = trimmed.slice(cut + 1);
  const fields = payload.split('.');
  if (fields[0] !== CONFIG_CODE_FORMAT) {
    return /^[0-9]+$/.test(fields[0] ?? '') && fields.length >= 3
      ? bad('unsupported-format', `This code was made in a format (${fields[0]}) this version of the shop does not read.`)
      : bad('malformed', 'This is not a configuration code.');
  }
  if (sum !== checksum(payload))
    return bad('checksum', 'This configuration code is damaged or was changed: its check digits do not match.');
  const [, productId = '', versionText = '', ...items] = fields;
  if (!ID.test(productId) || !/^[0-9a-z]{1,11}$/.test(versionText))
    return bad('malformed', 'This configuration code is malformed.');
  const version = parseInt(versionText, 36);
  if (!Number.isSafeInteger(version)) return bad('malformed', 'This configuration code is malformed.');
  const choices: RawChoice[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const sep = item.indexOf('~');
    const attr = item.slice(0, sep);
    const rest = item.slice(sep + 1);
    if (sep < 0 || !ID.test(attr) || seen.has(attr)) return bad('malformed', 'This configuration code is malformed.');
    seen.add(attr);
    if (rest === '_') choices.push({ attr, kind: 'none' });
    else if (ID.test(rest)) choices.push({ attr, kind: 'option', value: rest });
    else if (rest.startsWith('~')) {
      const text = fromBase64Url(rest.slice(1));
      if (text === null) return bad('malformed', 'This configuration code is malformed.');
      choices.push({ attr, kind: 'text', value: text });
    } else return bad('malformed', 'This configuration code is malformed.');
  }
  return { ok: true, productId, version, choices };
}

function english(t: LocalizedText): string {
  return typeof t === 'string' ? t : (t.en ?? Object.values(t)[0] ?? '');
}

/** Why a choice cannot be taken over at all (rules aside), or null when it fits its attribute. */
function fitProblem(product: Product, c: RawChoice): Omit<DroppedChoice, 'attr' | 'value'> | null {
  const a = product.attributes.find((x) => x.id === c.attr);
  if (!a) return { reason: 'unknown-attribute', message: `"${c.attr}" is no longer part of this product.` };
  const label = english(a.label);
  if (a.kind === 'text') {
    // A text that looks like an id is written like an option id: the attribute decides.
    const text = c.kind === 'none' ? '' : c.value;
    if (isEmptyText(text)) return a.optional ? null : { reason: 'not-optional', message: `${label} now needs a text.` };
    const problem = textProblem(a, text);
    return problem ? { reason: 'text-not-allowed', message: `The text for ${label} is no longer allowed: ${problem}.` } : null;
  }
  if (c.kind === 'text') return { reason: 'unknown-option', message: `${label} no longer takes a personal text.` };
  if (c.kind === 'none') return a.optional ? null : { reason: 'not-optional', message: `${label} can no longer be left empty.` };
  return a.options.some((o) => o.id === c.value)
    ? null
    : { reason: 'unknown-option', message: `The option "${c.value}" of ${label} is no longer offered.` };
}

function rawValue(c: RawChoice): Value {
  if (c.kind === 'none') return null;
  if (c.kind === 'text' && c.value === '') return null;
  return c.value;
}

/**
 * Read a share code against the current catalog of `product` (at catalog `version`). Never
 * throws: garbage, a damaged or edited code, or a code for another product gives
 * `{ ok: false }` with a message. Otherwise every choice that still fits is kept, in code
 * order, as long as it holds together with the ones kept before it (so the earliest choices
 * win); the others are listed in `dropped` with the reason and, for rule clashes, the rules.
 */
export function decodeConfigCode(code: string, product: Product, version: number): DecodedConfigCode {
  const parsed = parse(code);
  if (!parsed.ok) return parsed;
  if (parsed.productId !== product.id)
    return { ok: false, error: 'other-product', message: `This code is for another product ("${parsed.productId}").` };

  const kept: Record<string, Value> = {};
  const dropped: DroppedChoice[] = [];
  const candidates: { attr: string; value: Value }[] = [];
  for (const c of parsed.choices) {
    const problem = fitProblem(product, c);
    if (problem) dropped.push({ attr: c.attr, value: c.kind === 'none' ? null : c.value, ...problem });
    else candidates.push({ attr: c.attr, value: rawValue(c) });
  }

  // The common case: everything still fits together. Otherwise add the choices one at a time.
  const all = Object.fromEntries(candidates.map((c) => [c.attr, c.value]));
  if (evaluate(product, all).ok) Object.assign(kept, all);
  else {
    let current = evaluate(product, {});
    for (const c of candidates) {
      if (!current.ok) break; // an unsatisfiable product: nothing can be kept
      const a = product.attributes.find((x) => x.id === c.attr)!;
      const key = c.value === null ? NONE_KEY : a.kind === 'text' ? TEXT_KEY : c.value;
      const state = current.attributes[c.attr]?.options[key];
      const next = state?.state === 'available' ? evaluate(product, { ...kept, [c.attr]: c.value }) : null;
      if (next?.ok) {
        kept[c.attr] = c.value;
        current = next;
        continue;
      }
      const label = english(a.label);
      const rules = state && state.state !== 'available' ? state.reasons : [];
      const why = rules.length ? `: ${rules.map((r) => english(r.message)).join('; ')}` : '.';
      dropped.push(
        state?.state === 'impossible'
          ? { attr: c.attr, value: c.value, reason: 'impossible', message: `${label} can no longer be "${c.value}"${why}`, rules }
          : {
              attr: c.attr,
              value: c.value,
              reason: 'conflict',
              message: `${label} "${c.value ?? 'none'}" no longer goes with your other choices${why}`,
              rules,
            },
      );
    }
  }
  return {
    ok: true,
    productId: parsed.productId,
    version: parsed.version,
    stale: parsed.version !== version,
    choices: kept,
    dropped,
  };
}
