import { useMemo } from 'react';
import { describeValue, NONE_KEY, type OptionAttribute, type OptionState } from '../../catalog/index.js';
import { sameAttributeStates, selectAttribute } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { clampTooltip, openTooltipOnTap } from './clampTooltip.js';
import { MostChosenMark, MostChosenNote, useMostChosen } from './MostChosenMark.js';
import { describeReasons, optionName, priceDelta } from './optionText.js';
import { useProduct } from './productContext.js';
import { useOutcomes } from './useOutcomes.js';
import { SizeChart } from './SizeChart.js';

interface Offer {
  id: string | null;
  label: string;
  hex?: string;
  state: OptionState;
}

/**
 * One option attribute as a radio group: colour swatches, or cards for materials, styles and
 * choices. Impossible options are not offered; options in conflict are, with what they change.
 */
export function OptionGroup({ attr }: { attr: OptionAttribute }) {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const { t, l, locale } = useT();
  const selector = useMemo(() => selectAttribute(attr.id), [attr.id]);
  const evaluation = useConfiguratorSelector(selector, sameAttributeStates);
  // What each option would do and why an option is in conflict, from the engine: all at once on
  // the fast forms, filled in during idle time on the diagram form (useOutcomes).
  const { outcomes, reasons: conflictReasons } = useOutcomes(attr.id);
  const mostChosen = useMostChosen(attr.id);
  if (!evaluation) return null;

  const offers: Offer[] = [];
  if (attr.optional) {
    const state = evaluation.options[NONE_KEY];
    if (state && state.state !== 'impossible') offers.push({ id: null, label: describeValue(attr, null, locale), state });
  }
  for (const o of attr.options) {
    const state = evaluation.options[o.id];
    if (!state || state.state === 'impossible') continue;
    offers.push({
      id: o.id,
      label: l(o.label),
      hex: 'hex' in o ? o.hex : 'material' in o ? o.material.baseColor : undefined,
      state,
    });
  }
  const current = offers.find((o) => o.id === evaluation.value);
  const swatches = attr.kind === 'colour';
  // Marked only where the engine offers it without a conflict: always a valid value (#19).
  const marked = offers.find((o) => (o.id ?? NONE_KEY) === mostChosen && o.state.state === 'available');
  const pick = (id: string | null) => actor.send({ type: 'option.select', attr: attr.id, option: id });

  return (
    <fieldset className="attr" data-attr={attr.id}>
      <legend>
        <span>{l(attr.label)}</span>
        <span className="current" aria-hidden="true">
          {current?.label}
        </span>
      </legend>
      {attr.description && <p className="field-hint attr-description">{l(attr.description)}</p>}
      <div className={swatches ? 'swatches' : attr.kind === 'size' ? 'choices sizes' : 'choices'}>
        {offers.map((o) => {
          const outcome = outcomes[o.id ?? NONE_KEY];
          const name = optionName(product, o.label, outcome, locale, t);
          // The change of the total this pick makes (nothing for the current value).
          const delta = priceDelta(outcome?.delta ?? 0, product.currency, locale);
          const announces = (outcome?.changes.length ?? 0) > 0;
          const conflict = o.state.state === 'conflict';
          const known = conflictReasons[o.id ?? NONE_KEY];
          const reasons = o.state.state === 'conflict' && known ? describeReasons(known, locale) : '';
          const mark = o === marked && <MostChosenMark compact={swatches} />;
          const description = [delta, reasons, mark && t('cfg.mostChosenHint')].filter(Boolean).join('. ');
          const descId = `opt-${attr.id}-${o.id ?? NONE_KEY}-desc`;
          const input = (
            <input
              type="radio"
              name={`attr-${attr.id}`}
              value={o.id ?? NONE_KEY}
              checked={evaluation.value === o.id}
              onChange={() => pick(o.id)}
              aria-label={name}
              aria-describedby={description ? descId : undefined}
              data-option={o.id ?? NONE_KEY}
              data-state={o.state.state}
            />
          );
          const tip =
            conflict || swatches || announces ? (
              <span className="tooltip" aria-hidden="true">
                {name}
                {delta && !announces && ` (${delta})`}
                {reasons && <span style={{ display: 'block', opacity: 0.8 }}>{reasons}</span>}
              </span>
            ) : null;
          // A swatch shows its colour only; a card its name and price change.
          return (
            <label
              key={o.id ?? NONE_KEY}
              onPointerEnter={(e) => clampTooltip(e.currentTarget)}
              onPointerDown={openTooltipOnTap}
              onFocus={(e) => clampTooltip(e.currentTarget)}
              className={`${swatches ? 'swatch' : 'choice'} tooltip-host${conflict ? ' conflict' : ''}${announces ? ' announces' : ''}`}
              style={swatches ? { background: o.hex ?? '#fff' } : undefined}
            >
              {input}
              {!swatches && (
                <span className="name" aria-hidden="true">
                  {o.hex && <span className="chip" style={{ background: o.hex }} />}
                  {o.label}
                </span>
              )}
              {!swatches && delta && (
                <span className="delta" aria-hidden="true">
                  {delta}
                </span>
              )}
              {mark}
              {tip}
              {description && (
                <span id={descId} className="visually-hidden">
                  {description}
                </span>
              )}
            </label>
          );
        })}
      </div>
      {swatches && marked && <MostChosenNote label={marked.label} />}
      {attr.kind === 'size' && <SizeChart attr={attr} />}
    </fieldset>
  );
}
