import { useT } from '../i18n/useT.js';
import { textLabel, type DraftDoc, type Update } from './docTypes.js';
import { fieldId } from './localCheck.js';

/** The standard product: a value for every attribute. */
export function DefaultsForm({ doc, update }: { doc: DraftDoc; update: Update }) {
  const { locale } = useT();
  return (
    <div className="form">
      {(doc.attributes ?? []).map((a) => {
        const v = doc.defaults?.[a.id];
        const set = (value: string | null) => update((d) => void (d.defaults = { ...d.defaults, [a.id]: value }));
        return (
          <label key={a.id}>
            {textLabel(a.label, locale)}
            {a.kind === 'text' ? (
              <input id={fieldId(['defaults', a.id])} value={v ?? ''} onChange={(e) => set(e.target.value || null)} />
            ) : (
              <select id={fieldId(['defaults', a.id])} value={v ?? ''} onChange={(e) => set(e.target.value || null)}>
                {a.optional || v === undefined ? <option value="">—</option> : null}
                {a.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {textLabel(o.label, locale)}
                  </option>
                ))}
              </select>
            )}
          </label>
        );
      })}
    </div>
  );
}
