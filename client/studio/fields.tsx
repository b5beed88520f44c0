import type { LocalizedText } from '../../catalog/index.js';
import { bilingual } from './docTypes.js';
import { fieldId } from './localCheck.js';

/** An EN + NL text pair. */
export function TextPair({
  label,
  value,
  path,
  onChange,
}: {
  label: string;
  value: LocalizedText | undefined;
  path: (string | number)[];
  onChange: (v: LocalizedText) => void;
}) {
  const v = bilingual(value);
  return (
    <fieldset className="studio-pair">
      <legend>{label}</legend>
      <label>
        EN <input id={fieldId(path)} value={v.en} onChange={(e) => onChange({ en: e.target.value, nl: v.nl })} />
      </label>
      <label>
        NL <input value={v.nl} onChange={(e) => onChange({ en: v.en, nl: e.target.value })} />
      </label>
    </fieldset>
  );
}

/** Money typed in major units (12.50), kept in minor units (1250). */
export function MoneyInput({
  label,
  value,
  path,
  onChange,
}: {
  label: string;
  value: number | undefined;
  path: (string | number)[];
  onChange: (v: number) => void;
}) {
  return (
    <label>
      {label}
      <input
        id={fieldId(path)}
        type="number"
        step="0.01"
        value={value === undefined ? '' : value / 100}
        onChange={(e) => onChange(Math.round(Number(e.target.value) * 100))}
      />
    </label>
  );
}

/** Pick several names from a list (the model's parts), keeping names the list lacks visible. */
export function PickList({
  label,
  options,
  value,
  path,
  onChange,
}: {
  label: string;
  options: string[];
  value: string[] | undefined;
  path: (string | number)[];
  onChange: (v: string[]) => void;
}) {
  const chosen = value ?? [];
  const all = [...new Set([...options, ...chosen])];
  return (
    <label className="studio-pick">
      {label}
      <select
        id={fieldId(path)}
        multiple
        size={Math.min(5, Math.max(2, all.length))}
        value={chosen}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {all.map((n) => (
          <option key={n} value={n}>
            {options.includes(n) ? n : `${n} ⚠`}
          </option>
        ))}
      </select>
    </label>
  );
}
