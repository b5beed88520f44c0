import type { ColourOption, MaterialOption } from '../../catalog/index.js';
import { useViewStore } from '../state/viewStore.js';
import { idFrom, textLabel, type DraftDoc, type Update } from './docTypes.js';
import { MoneyInput, NumberInput, PickList, TextPair } from './fields.js';
import { fieldId } from './localCheck.js';
import { TextureFields } from './TextureFields.js';
import type { Parts } from './studioApi.js';
import { useStudioT, type StudioKey } from './studioMessages.js';

/** A material's 0–1 factors, with the value shown while the option leaves one unset. */
const PBR_UNITS = [
  ['roughness', 0.5],
  ['metalness', 0],
] as const;

type AnyAttr = DraftDoc['attributes'][number];
type AnyOption = {
  id: string;
  label: unknown;
  price?: number;
  hex?: string;
  material?: {
    baseColor: string;
    roughness?: number;
    metalness?: number;
    map?: string;
    normalMap?: string;
    roughnessMap?: string;
    sheen?: number;
    clearcoat?: number;
    repeat?: number;
  };
  effect?: { materials?: string[]; meshes?: string[]; show?: string[]; hide?: string[] };
};

const KINDS = ['colour', 'material', 'style', 'choice', 'size', 'text'] as const;

function newAttribute(kind: (typeof KINDS)[number], id: string): AnyAttr {
  const label = { en: id, nl: id };
  if (kind === 'text')
    return {
      id,
      kind,
      label,
      optional: true,
      maxLength: 12,
      allowed: 'A-Za-z0-9 ',
      font: { family: 'sans' },
      placement: { mesh: 'label' },
    };
  if (kind === 'colour')
    return { id, kind, label, options: [{ id: 'black', label: { en: 'Black', nl: 'Zwart' }, hex: '#202020' }] };
  if (kind === 'material')
    return { id, kind, label, options: [{ id: 'plain', label: 'Plain', material: { baseColor: '#cccccc' } }] };
  return { id, kind, label, options: [{ id: 'standard', label: 'Standard' }] };
}

/** Steps (each with its attributes), attributes and their options with swatches, materials and model parts. */
export function AttributesForm({ doc, update, parts }: { doc: DraftDoc; update: Update; parts: Parts | null }) {
  const t = useStudioT();
  const steps = doc.steps ?? [];
  const attrs = doc.attributes ?? [];
  const stepOf = (id: string) => steps.findIndex((s) => s.attributes.includes(id));

  const addAttribute = (kind: (typeof KINDS)[number], stepIndex: number) =>
    update((d) => {
      let id: string = kind;
      for (let n = 2; d.attributes.some((a) => a.id === id); n++) id = `${kind}-${n}`;
      d.attributes.push(newAttribute(kind, id));
      d.steps[stepIndex]?.attributes.push(id);
      d.defaults = {
        ...d.defaults,
        [id]: kind === 'text' ? null : (d.attributes.at(-1) as { options: { id: string }[] }).options[0]!.id,
      };
    });

  return (
    <div className="studio-attrs">
      {steps.map((s, si) => (
        <section key={si} className="card studio-step">
          <h3>
            {t('studio.field.step')} <code>{s.id}</code>
          </h3>
          <TextPair
            label={t('studio.field.stepLabel')}
            value={s.label}
            path={['steps', si, 'label']}
            onChange={(v) => update((d) => void (d.steps[si]!.label = v))}
          />
          {s.attributes.map((aid) => {
            const ai = attrs.findIndex((a) => a.id === aid);
            return ai < 0 ? (
              <p key={aid} className="field-error">
                {t('studio.field.unknownAttribute', { id: aid })}
              </p>
            ) : (
              <AttributeEditor key={aid} index={ai} attr={attrs[ai]!} update={update} parts={parts} />
            );
          })}
          <div className="btn-row">
            {KINDS.map((k) => (
              <button key={k} type="button" className="btn btn-small" onClick={() => addAttribute(k, si)}>
                {t('studio.addAttribute')}: {t(`studio.kind.${k}` as StudioKey)}
              </button>
            ))}
          </div>
        </section>
      ))}
      {attrs.filter((a) => stepOf(a.id) < 0).length > 0 && (
        <section className="card">
          <h3>{t('studio.field.notInStep')}</h3>
          {attrs.map((a, ai) =>
            stepOf(a.id) < 0 ? <AttributeEditor key={a.id} index={ai} attr={a} update={update} parts={parts} /> : null,
          )}
        </section>
      )}
    </div>
  );
}

function AttributeEditor({ index, attr, update, parts }: { index: number; attr: AnyAttr; update: Update; parts: Parts | null }) {
  const t = useStudioT();
  const locale = useViewStore((s) => s.locale);
  const at = ['attributes', index];
  const set = (fn: (a: AnyAttr) => void) => update((d) => fn(d.attributes[index]!));
  const options = attr.kind === 'text' ? [] : (attr.options as AnyOption[]);
  const addOption = () =>
    set((a) => {
      if (a.kind === 'text') return;
      const n = a.options.length + 1;
      const id = `option-${n}`;
      const base = { id, label: { en: `Option ${n}`, nl: `Optie ${n}` } };
      if (a.kind === 'colour') (a.options as ColourOption[]).push({ ...base, hex: '#888888', price: 0 });
      else if (a.kind === 'material')
        (a.options as MaterialOption[]).push({
          ...base,
          price: 0,
          material: { baseColor: '#888888', roughness: 0.5, metalness: 0, repeat: 1 },
        });
      else a.options.push({ ...base, price: 0 });
    });
  return (
    // Collapsed by default: a product with many attributes stays a short page (a finding opens its attribute).
    <details className="studio-attr" data-testid={`attr-${attr.id}`}>
      <summary>
        {textLabel(attr.label as Parameters<typeof textLabel>[0], locale) || attr.id} ·{' '}
        {t(`studio.kind.${attr.kind}` as StudioKey)} <code>{attr.id}</code>
        {options.length > 0 && <small> · {t('studio.optionCount', { count: options.length })}</small>}
      </summary>
      <TextPair
        label={t('studio.field.label')}
        value={attr.label}
        path={[...at, 'label']}
        onChange={(v) => set((a) => void (a.label = v))}
      />
      <label>
        <input
          type="checkbox"
          checked={attr.optional ?? false}
          onChange={(e) => set((a) => void (a.optional = e.target.checked))}
        />{' '}
        {t('studio.field.optional')}
      </label>
      {(attr.kind === 'colour' || attr.kind === 'material') && (
        <div className="studio-row">
          <PickList
            label={t('studio.field.appliesToMaterials')}
            options={parts?.materials ?? []}
            value={attr.target?.materials}
            path={[...at, 'target', 'materials']}
            onChange={(v) =>
              set((a) => void ((a as { target?: object }).target = { ...(a as { target?: object }).target, materials: v }))
            }
          />
          <PickList
            label={t('studio.field.andMeshes')}
            options={parts?.meshes ?? []}
            value={attr.target?.meshes}
            path={[...at, 'target', 'meshes']}
            onChange={(v) =>
              set((a) => void ((a as { target?: object }).target = { ...(a as { target?: object }).target, meshes: v }))
            }
          />
        </div>
      )}
      {attr.kind === 'text' && (
        <div className="studio-row">
          <label>
            {t('studio.field.maxLength')}{' '}
            <input
              type="number"
              value={attr.maxLength}
              onChange={(e) => set((a) => void ((a as { maxLength: number }).maxLength = Number(e.target.value)))}
            />
          </label>
          <label>
            {t('studio.field.textOnMesh')}
            <select
              id={`f-${[...at, 'placement', 'mesh'].join('.')}`}
              value={attr.placement.mesh}
              onChange={(e) => set((a) => void ((a as { placement: { mesh: string } }).placement.mesh = e.target.value))}
            >
              {[...new Set([attr.placement.mesh, ...(parts?.meshes ?? [])])].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
        </div>
      )}
      {options.map((o, oi) => (
        <OptionEditor
          key={oi}
          position={oi}
          total={options.length}
          move={(by) => {
            set((a) => {
              if (a.kind === 'text') return;
              const [o] = a.options.splice(oi, 1);
              a.options.splice(oi + by, 0, o as never);
            });
            // Keep the keyboard on the moved option's button.
            const id = o.id;
            const which = by < 0 ? 'up' : 'down';
            requestAnimationFrame(() =>
              document
                .querySelector<HTMLButtonElement>(`[data-testid="option-${CSS.escape(id)}"] [data-move="${which}"]`)
                ?.focus(),
            );
          }}
          kind={attr.kind}
          option={o}
          path={[...at, 'options', oi]}
          parts={parts}
          set={(fn) => set((a) => a.kind !== 'text' && fn(a.options[oi] as AnyOption))}
          remove={() => set((a) => void (a.kind !== 'text' && a.options.splice(oi, 1)))}
        />
      ))}
      {attr.kind !== 'text' && (
        <button type="button" className="btn btn-small" onClick={addOption}>
          {t('studio.addOption')}
        </button>
      )}
    </details>
  );
}

function OptionEditor({
  kind,
  option,
  path,
  parts,
  set,
  remove,
  position,
  total,
  move,
}: {
  position: number;
  total: number;
  move: (by: -1 | 1) => void;
  kind: string;
  option: AnyOption;
  path: (string | number)[];
  parts: Parts | null;
  set: (fn: (o: AnyOption) => void) => void;
  remove: () => void;
}) {
  const t = useStudioT();
  const locale = useViewStore((s) => s.locale);
  const label = option.label as Parameters<typeof textLabel>[0];
  return (
    <div className="studio-option" data-testid={`option-${option.id}`}>
      <label>
        {t('studio.field.id')}
        <input id={fieldId([...path, 'id'])} value={option.id} onChange={(e) => set((o) => void (o.id = e.target.value))} />
      </label>
      <TextPair
        label={t('studio.field.label')}
        value={label}
        path={[...path, 'label']}
        onChange={(v) =>
          set((o) => {
            // A fresh option takes its id from its English label until someone names it.
            if (/^option-\d+$/.test(o.id) && typeof v !== 'string' && v.en) o.id = idFrom(v.en);
            o.label = v;
          })
        }
      />
      <MoneyInput
        label={t('studio.field.surcharge')}
        value={option.price ?? 0}
        path={[...path, 'price']}
        onChange={(v) => set((o) => void (o.price = v))}
      />
      {kind === 'colour' && (
        <label>
          {t('studio.field.swatch')}{' '}
          <input
            type="color"
            id={fieldId([...path, 'hex'])}
            value={option.hex ?? '#888888'}
            onChange={(e) => set((o) => void (o.hex = e.target.value))}
          />
        </label>
      )}
      {kind === 'material' && option.material && (
        <div className="studio-row">
          <label>
            {t('studio.field.baseColour')}{' '}
            <input
              type="color"
              value={option.material.baseColor}
              onChange={(e) => set((o) => void (o.material!.baseColor = e.target.value))}
            />
          </label>
          {PBR_UNITS.map(([key, shown]) => (
            <NumberInput
              key={key}
              label={t(`studio.field.${key}`)}
              min={0}
              max={1}
              step={0.05}
              value={option.material![key] ?? shown}
              onChange={(v) => set((o) => void (o.material![key] = v ?? 0))}
            />
          ))}
          <TextureFields material={option.material} set={(fn) => set((o) => fn(o.material!))} />
        </div>
      )}
      <div className="studio-row">
        {(kind === 'colour' || kind === 'material') && (
          <PickList
            label={t('studio.field.ownMaterials')}
            options={parts?.materials ?? []}
            value={option.effect?.materials}
            path={[...path, 'effect', 'materials']}
            onChange={(v) => set((o) => void (o.effect = { ...o.effect, materials: v }))}
          />
        )}
        <PickList
          label={t('studio.field.shows')}
          options={parts?.meshNodes ?? []}
          value={option.effect?.show}
          path={[...path, 'effect', 'show']}
          onChange={(v) => set((o) => void (o.effect = { ...o.effect, show: v }))}
        />
        <PickList
          label={t('studio.field.hides')}
          options={parts?.meshNodes ?? []}
          value={option.effect?.hide}
          path={[...path, 'effect', 'hide']}
          onChange={(v) => set((o) => void (o.effect = { ...o.effect, hide: v }))}
        />
      </div>
      <div className="btn-row">
        <button
          type="button"
          className="btn btn-small"
          data-move="up"
          disabled={position === 0}
          aria-label={t('studio.moveUp', { name: textLabel(label, locale) || option.id })}
          onClick={() => move(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-move="down"
          disabled={position === total - 1}
          aria-label={t('studio.moveDown', { name: textLabel(label, locale) || option.id })}
          onClick={() => move(1)}
        >
          ↓
        </button>
        <button type="button" className="btn btn-small" onClick={remove}>
          {t('studio.remove')}
        </button>
      </div>
    </div>
  );
}
