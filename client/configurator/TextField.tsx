import { useEffect, useMemo, useState } from 'react';
import {
  allowedClass,
  clickOutcome,
  NONE_KEY,
  normaliseText,
  TEXT_KEY,
  textPattern,
  type TextAttribute,
} from '../../catalog/index.js';
import { describeAllowed } from './allowedText.js';
import { sameAttributeStates, selectAttribute } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { describeReasons, optionName, priceDelta } from './optionText.js';
import { useProduct } from './productContext.js';

/** The characters of `text` that the attribute does not allow, each once. */
function disallowedChars(attr: TextAttribute, text: string): string[] {
  const one = new RegExp(`^[${allowedClass(attr)}]$`, 'u');
  return [...new Set([...text].filter((c) => !one.test(c)))];
}

/**
 * A personal text, validated as it is typed. A valid text goes to the machine at once (the
 * preview draws it live); an invalid one stays in the field with the reason and is never sent.
 */
export function TextField({ attr }: { attr: TextAttribute }) {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const { t, l, locale } = useT();
  const selector = useMemo(() => selectAttribute(attr.id), [attr.id]);
  const evaluation = useConfiguratorSelector(selector, sameAttributeStates);
  const stored = (evaluation?.value as string | null | undefined) ?? '';
  const [draft, setDraft] = useState(stored);
  // Undo, redo, reset and conflict resolutions change the text from outside the field.
  useEffect(() => setDraft(stored), [stored]);

  const length = [...draft].length;
  const bad = disallowedChars(attr, draft);
  const problem =
    length > attr.maxLength
      ? t('cfg.textTooLong', { max: attr.maxLength })
      : bad.length || !textPattern(attr).test(draft)
        ? t('cfg.textInvalid', { chars: bad.map((c) => `“${c}”`).join(' '), allowed: describeAllowed(attr.allowed, t) })
        : null;
  const key = draft === '' ? NONE_KEY : TEXT_KEY;
  const state = evaluation?.options[key];
  const refused = !problem && draft !== stored && state?.state === 'impossible';
  const conflict = !problem && state?.state === 'conflict' && draft !== stored;
  const id = `text-${attr.id}`;
  const delta = priceDelta(attr.price, product.currency, locale);

  // What setting this text would change, from the engine (read when the field shows a conflict).
  const textOutcome = () => {
    const c = actor.getSnapshot().context;
    return clickOutcome(product, c.choices, c.evaluation, attr.id, draft, 'text');
  };

  const onChange = (typed: string) => {
    // Capitalised as typed when the product says so (a monogram), and in NFC.
    const text = normaliseText(attr, typed);
    setDraft(text);
    const tooLong = [...text].length > attr.maxLength;
    if (!tooLong && textPattern(attr).test(text)) actor.send({ type: 'text.set', attr: attr.id, text });
  };

  return (
    <div className="attr text-field" data-attr={attr.id}>
      <label className="attr-label" htmlFor={id}>
        <span>{l(attr.label)}</span>
        {delta && <span className="current">{delta}</span>}
      </label>
      <input
        id={id}
        type="text"
        value={draft}
        autoComplete="off"
        spellCheck={false}
        placeholder={attr.placeholder ? l(attr.placeholder) : undefined}
        aria-invalid={problem || refused ? true : undefined}
        aria-describedby={`${id}-hint${problem || refused || conflict ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="field-hint" id={`${id}-hint`}>
        <span>
          {t('cfg.textHint', { max: attr.maxLength })} {t('cfg.textAllowed', { allowed: describeAllowed(attr.allowed, t) })}
          {attr.transform === 'uppercase' && ` ${t('cfg.textUppercase')}`}
        </span>
        <span aria-hidden="true">{t('cfg.textCount', { n: length, max: attr.maxLength })}</span>
      </p>
      {(problem || refused || conflict) && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {problem ??
            (refused && state?.state === 'impossible'
              ? `${t('cfg.textRefused')} ${describeReasons(state.reasons, locale)}`
              : state?.state === 'conflict'
                ? optionName(product, l(attr.label), textOutcome(), locale, t)
                : '')}
        </p>
      )}
    </div>
  );
}
