import type { Condition, LocalizedText, Rule } from '../../catalog/index.js';
import { useT } from '../i18n/useT.js';
import { textLabel, type DraftDoc, type Update } from './docTypes.js';
import { MoneyInput, TextPair } from './fields.js';
import { fieldId } from './localCheck.js';
import { ruleText } from './ruleText.js';
import { useStudioT } from './studioMessages.js';

type Simple = { attr: string; values: (string | null)[] };

/** A condition the builder can edit: one attribute and the values it may have. */
function simple(c: Condition | undefined): Simple | null {
  if (!c) return null;
  if ('is' in c) return { attr: c.attr, values: [c.is] };
  if ('in' in c) return { attr: c.attr, values: c.in };
  return null;
}
const toCondition = (s: Simple): Condition =>
  s.values.length === 1 ? { attr: s.attr, is: s.values[0]! } : { attr: s.attr, in: s.values };

function ConditionPicker({
  doc,
  value,
  path,
  onChange,
}: {
  doc: DraftDoc;
  value: Simple;
  path: (string | number)[];
  onChange: (s: Simple) => void;
}) {
  const t = useStudioT();
  const { locale } = useT();
  const attrs = (doc.attributes ?? []).filter((a) => a.kind !== 'text');
  const attr = attrs.find((a) => a.id === value.attr);
  const options = attr ? attr.options : [];
  // Values the rule names that the attribute does not have (an option deleted or renamed): shown, flagged, removable.
  const missing = value.values.filter((v) => v !== null && !options.some((o) => o.id === v)) as string[];
  return (
    <span className="studio-cond">
      <select
        id={fieldId([...path, 'attr'])}
        aria-label={t('studio.rule.attribute')}
        value={value.attr}
        onChange={(e) => onChange({ attr: e.target.value, values: [] })}
      >
        {!attr && (
          <option value={value.attr} className="studio-missing">
            {t('studio.rule.missing', { name: value.attr })}
          </option>
        )}
        {attrs.map((a) => (
          <option key={a.id} value={a.id}>
            {textLabel(a.label, locale)}
          </option>
        ))}
      </select>
      <span className="studio-values" role="group" aria-label={t('studio.rule.values')}>
        {options.map((o) => (
          <label key={o.id}>
            <input
              type="checkbox"
              checked={value.values.includes(o.id)}
              onChange={(e) =>
                onChange({
                  attr: value.attr,
                  values: e.target.checked ? [...value.values, o.id] : value.values.filter((v) => v !== o.id),
                })
              }
            />
            {textLabel(o.label, locale)}
          </label>
        ))}
        {missing.map((v) => (
          <label key={`missing-${v}`} className="studio-missing" data-missing={v}>
            <input
              type="checkbox"
              checked
              aria-invalid="true"
              onChange={() => onChange({ attr: value.attr, values: value.values.filter((x) => x !== v) })}
            />
            {t('studio.rule.missing', { name: v })}
          </label>
        ))}
      </span>
    </span>
  );
}

type ConstraintKind = 'requires' | 'excludes' | 'restrict';

/** Turn a rule into another kind, keeping its "if" and its target: requires/excludes "then" ⇄ restrict "attr/to". */
function changeKind(x: Rule, kind: ConstraintKind) {
  const r = x as unknown as Record<string, unknown>;
  if (x.kind === kind) return;
  if (kind === 'restrict') {
    const then = simple((x as { then?: Condition }).then) ?? { attr: '', values: [] };
    delete r.then;
    Object.assign(r, { kind, attr: then.attr, to: then.values });
  } else if (x.kind === 'restrict') {
    const { attr, to } = x;
    delete r.attr;
    delete r.to;
    Object.assign(r, { kind, if: x.if ?? { attr, in: [] }, then: { attr, in: to } });
  } else r.kind = kind;
}

/** Requires / excludes / restrict rules through "If … then … must be one of … — because: …". */
export function RulesForm({ doc, update, kinds }: { doc: DraftDoc; update: Update; kinds: 'constraints' | 'prices' }) {
  const t = useStudioT();
  const { locale } = useT();
  const rules = (doc.rules ?? []) as Rule[];
  const firstAttr = (doc.attributes ?? []).find((a) => a.kind !== 'text')?.id ?? '';
  const mine = (r: Rule) =>
    kinds === 'prices' ? r.kind === 'price' : r.kind === 'requires' || r.kind === 'excludes' || r.kind === 'restrict';
  const setRule = (i: number, fn: (r: Rule) => void) => update((d) => fn((d.rules as Rule[])[i]!));
  const add = () =>
    update((d) => {
      d.rules ??= [];
      const n = d.rules.length + 1;
      const message: LocalizedText = { en: 'Explain why to the consumer', nl: 'Leg de klant uit waarom' };
      d.rules.push(
        kinds === 'prices'
          ? {
              id: `price-rule-${n}`,
              kind: 'price',
              message,
              label: { en: 'Surcharge', nl: 'Toeslag' },
              amount: 0,
              if: { attr: firstAttr, in: [] } as unknown as Condition,
            }
          : {
              id: `rule-${n}`,
              kind: 'requires',
              message,
              if: { attr: firstAttr, in: [] } as unknown as Condition,
              then: { attr: firstAttr, in: [] } as unknown as Condition,
            },
      );
    });

  return (
    <div className="studio-rules">
      {rules.map((r, i) => {
        if (!mine(r)) return null;
        const at = ['rules', i];
        const cond = simple(r.kind === 'restrict' ? r.if : 'if' in r ? r.if : undefined);
        const then =
          r.kind === 'requires' || r.kind === 'excludes'
            ? simple(r.then)
            : r.kind === 'restrict'
              ? { attr: r.attr, values: r.to }
              : null;
        return (
          <section key={i} className="card studio-rule" data-testid={`rule-${r.id}`}>
            <p className="studio-sentence">{ruleText(r, doc, locale)}</p>
            <label>
              {t('studio.field.id')}{' '}
              <input id={fieldId([...at, 'id'])} value={r.id} onChange={(e) => setRule(i, (x) => void (x.id = e.target.value))} />
            </label>
            {kinds === 'constraints' && (
              <label>
                {t('studio.rule.kind')}
                <select value={r.kind} onChange={(e) => setRule(i, (x) => changeKind(x, e.target.value as ConstraintKind))}>
                  <option value="requires">{t('studio.rule.requires')}</option>
                  <option value="restrict">{t('studio.rule.restrict')}</option>
                  <option value="excludes">{t('studio.rule.excludes')}</option>
                </select>
              </label>
            )}
            {cond && (r.kind !== 'restrict' || r.if) ? (
              <div>
                <strong>{t('studio.rule.if')}</strong>{' '}
                <ConditionPicker
                  doc={doc}
                  value={cond}
                  path={[...at, 'if']}
                  onChange={(s) => setRule(i, (x) => void ((x as { if: Condition }).if = toCondition(s)))}
                />
              </div>
            ) : null}
            {then && (
              <div>
                <strong>
                  {t(
                    r.kind === 'excludes'
                      ? 'studio.rule.neverWith'
                      : r.kind === 'restrict'
                        ? 'studio.rule.thenOnly'
                        : 'studio.rule.thenOneOf',
                  )}
                </strong>{' '}
                <ConditionPicker
                  doc={doc}
                  value={then}
                  path={r.kind === 'restrict' ? at : [...at, 'then']}
                  onChange={(s) =>
                    setRule(i, (x) => {
                      if (x.kind === 'restrict') {
                        x.attr = s.attr;
                        x.to = s.values;
                      } else (x as { then: Condition }).then = { attr: s.attr, in: s.values };
                    })
                  }
                />
              </div>
            )}
            {r.kind === 'price' && (
              <>
                <MoneyInput
                  label={t('studio.rule.amount')}
                  value={r.amount}
                  path={[...at, 'amount']}
                  onChange={(v) => setRule(i, (x) => void ((x as { amount: number }).amount = v))}
                />
                <TextPair
                  label={t('studio.rule.line')}
                  value={r.label}
                  path={[...at, 'label']}
                  onChange={(v) => setRule(i, (x) => void ((x as { label: LocalizedText }).label = v))}
                />
              </>
            )}
            {((!cond && r.kind !== 'restrict') || (r.kind === 'restrict' && r.if && !cond) || !then) && r.kind !== 'price' && (
              <p className="field-hint">{t('studio.rule.jsonOnly')}</p>
            )}
            <TextPair
              label={t('studio.because')}
              value={r.message}
              path={[...at, 'message']}
              onChange={(v) => setRule(i, (x) => void (x.message = v))}
            />
            <button type="button" className="btn btn-small" onClick={() => update((d) => void d.rules!.splice(i, 1))}>
              {t('studio.remove')}
            </button>
          </section>
        );
      })}
      <button type="button" className="btn" onClick={add}>
        {t('studio.addRule')}
      </button>
    </div>
  );
}
