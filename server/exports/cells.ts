/** Characters that make a spreadsheet treat a cell as a formula (or hide one after a control character). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet shows as text: a leading apostrophe in front of anything that would
 * start a formula (OWASP's CSV-injection advice). Numbers are never passed through here.
 */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** One CSV field per RFC 4180: quoted when it holds a quote, comma, CR or LF; quotes doubled. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(',') + '\r\n';

/**
 * A stored customer address (JSON text: a string or { line1, line2, postalCode, city, country }) on
 * one line. A plain JSON string (no escapes) is unquoted without the parser: exports call this per row.
 */
export function addressText(json: string | null): string {
  if (!json) return '';
  if (json.charCodeAt(0) === 34 && json.indexOf('\\') < 0) return json.slice(1, -1);
  const a: unknown = JSON.parse(json);
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object') {
    const o = a as Record<string, string | undefined>;
    return [o.line1, o.line2, [o.postalCode, o.city].filter(Boolean).join(' '), o.country].filter(Boolean).join(', ');
  }
  return '';
}

/** Integer minor units as a plain decimal string ("49.00"), for people and ERP imports alike. */
export function decimal(minor: number, perMajor: number): string {
  if (perMajor === 1) return String(minor);
  const digits = Math.round(Math.log10(perMajor));
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / perMajor)}.${String(abs % perMajor).padStart(digits, '0')}`;
}

/** A catalog text (a string, or { en, nl, … }) in a locale, falling back to English. */
export function textIn(text: string | Record<string, string> | null | undefined, locale = 'en'): string {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}
