import type { LocalizedText } from '../../catalog/index.js';
import { bilingual } from './docTypes.js';
import { fieldId } from './localCheck.js';

/** An EN + NL text pair. */
export function TextPair({
  label,
  value,
  path,
  onChange,
  multiline,
}: {
  label: string;
  value: LocalizedText | undefined;
  path: (string | number)[];
  onChange: (v: LocalizedText) => void;
  /** A longer text (a description): text areas instead of one-line inputs. */
  multiline?: boolean;
}) {
  const v = bilingual(value);
  const Field = multiline ? 'textarea' : 'input';
  return (
    <fieldset className="studio-pair">
      <legend>{label}</legend>
      <label>
        EN{' '}
        <Field
          id={fieldId(path)}
          value={v.en}
          rows={multiline ? 4 : undefined}
          onChange={(e) => onChange({ en: e.target.value, nl: v.nl })}
        />
      </label>
      <label>
        NL <Field value={v.nl} rows={multiline ? 4 : undefined} onChange={(e) => onChange({ en: v.en, nl: e.target.value })} />
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

/** A bounded number in a label; an emptied field gives undefined. */
export function NumberInput({
  label,
  value,
  min,
  max,
  step,
  onChange,
}: {
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  step: number;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    </label>
  );
}

/** Pick several names from a list (the model's parts) with checkboxes, keeping names the list lacks visible (flagged). */
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
    <fieldset className="studio-pick studio-checklist">
      <legend>{label}</legend>
      {all.map((n, k) => (
        <label key={n} className={options.includes(n) ? undefined : 'studio-missing'}>
          <input
            type="checkbox"
            id={k === 0 ? fieldId(path) : undefined}
            checked={chosen.includes(n)}
            aria-invalid={options.includes(n) ? undefined : true}
            onChange={(e) => onChange(e.target.checked ? [...chosen, n] : chosen.filter((x) => x !== n))}
          />
          {options.includes(n) ? n : `${n} ⚠`}
        </label>
      ))}
      {all.length === 0 && <small>—</small>}
    </fieldset>
  );
}
