import { useViewStore } from '../state/viewStore.js';
import type { Change } from './studioApi.js';
import { useStudioT, type StudioKey } from './studioMessages.js';

/** A value of a diff in a few words: a text in the studio's language, a list, a number, else short JSON. */
export function shortValue(v: unknown, locale: string): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => shortValue(x, locale)).join(', ') || '—';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A localized text: { en, nl }.
    if (Object.keys(o).every((k) => /^[a-z]{2}(-[A-Z]{2})?$/.test(k) && typeof o[k] === 'string'))
      return String(o[locale] ?? o.en ?? Object.values(o)[0] ?? '');
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  }
  return String(v);
}

/** The fields of a changed item that differ, each as before → after. */
export function changedFields(before: unknown, after: unknown, locale: string): { field: string; from: string; to: string }[] {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(before) || !isObj(after)) {
    if (before === undefined || after === undefined) return [];
    return [{ field: '', from: shortValue(before, locale), to: shortValue(after, locale) }];
  }
  const out: { field: string; from: string; to: string }[] = [];
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    // One level down for nested objects (an option's effect, an attribute's target), so the line says which field.
    if (isObj(before[k]) && isObj(after[k]) && shortValue(before[k], locale).startsWith('{'))
      for (const f of changedFields(before[k], after[k], locale)) out.push({ ...f, field: `${k}.${f.field}` });
    else out.push({ field: k, from: shortValue(before[k], locale), to: shortValue(after[k], locale) });
  }
  return out;
}

const NL_CHANGE: Record<string, string> = { added: 'toegevoegd', removed: 'verwijderd', changed: 'gewijzigd' };
const NL_FIELD: Record<string, string> = {
  name: 'naam',
  description: 'beschrijving',
  currency: 'valuta',
  skuPrefix: 'SKU-voorvoegsel',
};
const NL_LINES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^option "(.+)" \((.*)\) (added|removed)$/, (m) => `optie "${m[1]}" (${m[2]}) ${NL_CHANGE[m[3]!]}`],
  [/^option "(.+)" surcharge (.+) → (.+)$/, (m) => `toeslag van optie "${m[1]}": ${m[2]} → ${m[3]}`],
  [/^option "(.+)" changed$/, (m) => `optie "${m[1]}" gewijzigd`],
  [/^attribute "(.+)" \((.*)\) (added|removed)$/, (m) => `kenmerk "${m[1]}" (${m[2]}) ${NL_CHANGE[m[3]!]}`],
  [/^attribute "(.+)" changed$/, (m) => `kenmerk "${m[1]}" gewijzigd`],
  [/^text "(.+)" price (.+) → (.+)$/, (m) => `prijs van tekst "${m[1]}": ${m[2]} → ${m[3]}`],
  [/^step "(.+)" (added|removed|changed)$/, (m) => `stap "${m[1]}" ${NL_CHANGE[m[2]!]}`],
  [/^price rule "(.+)" amount (.+) → (.+)$/, (m) => `bedrag van prijsregel "${m[1]}": ${m[2]} → ${m[3]}`],
  [/^price rule "(.+)" (added|removed|changed)$/, (m) => `prijsregel "${m[1]}" ${NL_CHANGE[m[2]!]}`],
  [/^\w+ rule "(.+)" (added|removed|changed)$/, (m) => `regel "${m[1]}" ${NL_CHANGE[m[2]!]}`],
  [/^(name|description|currency|skuPrefix) changed$/, (m) => `${NL_FIELD[m[1]!]} gewijzigd`],
  [/^base price (.+) → (.+)$/, (m) => `basisprijs ${m[1]} → ${m[2]}`],
  [/^model changed \((.+)\)$/, (m) => `model gewijzigd (${m[1]})`],
  [/^default of "(.+)": (.+)$/, (m) => `standaard van "${m[1]}": ${m[2]}`],
];

/** The server's diff line (English) in the studio's language: Dutch by its known forms, else as it came. */
export function changeText(text: string, locale: string): string {
  if (locale !== 'nl') return text;
  for (const [re, to] of NL_LINES) {
    const m = re.exec(text);
    if (m) return to(m);
  }
  return text;
}

/** One line of a version diff: what changed, and for a change each field before → after. */
export function ChangeLine({ change }: { change: Change }) {
  const locale = useViewStore((s) => s.locale);
  const t = useStudioT();
  const fields = change.change === 'changed' && !/→/.test(change.text) ? changedFields(change.before, change.after, locale) : [];
  return (
    <li className={`diff-${change.change}`}>
      <span className="diff-section">{t(`studio.section.${change.section}` as StudioKey)}</span> {changeText(change.text, locale)}
      {fields.length > 0 && (
        <ul className="diff-fields">
          {fields.map((f) => (
            <li key={f.field}>
              {f.field && <code>{f.field}</code>} {f.from} → {f.to}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
