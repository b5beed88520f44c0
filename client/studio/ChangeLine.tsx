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

/** One line of a version diff: what changed, and for a change each field before → after. */
export function ChangeLine({ change }: { change: Change }) {
  const locale = useViewStore((s) => s.locale);
  const t = useStudioT();
  const fields = change.change === 'changed' && !/→/.test(change.text) ? changedFields(change.before, change.after, locale) : [];
  return (
    <li className={`diff-${change.change}`}>
      <span className="diff-section">{t(`studio.section.${change.section}` as StudioKey)}</span> {change.text}
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
