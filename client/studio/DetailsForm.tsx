import type { DraftDoc, Update } from './docTypes.js';
import { MoneyInput, TextPair } from './fields.js';
import { fieldId } from './localCheck.js';
import { useStudioT } from './studioMessages.js';

/** Name, description, currency, base price, SKU prefix and the model file. */
export function DetailsForm({ doc, update }: { doc: DraftDoc; update: Update }) {
  const t = useStudioT();
  return (
    <div className="form">
      <TextPair
        label={t('studio.field.name')}
        value={doc.name}
        path={['name']}
        onChange={(v) => update((d) => void (d.name = v))}
      />
      <TextPair
        label={t('studio.field.description')}
        value={doc.description}
        path={['description']}
        multiline
        onChange={(v) => update((d) => void (d.description = v))}
      />
      <label>
        {t('studio.field.currency')}
        <input
          id={fieldId(['currency'])}
          value={doc.currency ?? ''}
          maxLength={3}
          onChange={(e) => update((d) => void (d.currency = e.target.value.toUpperCase()))}
        />
      </label>
      <MoneyInput
        label={t('studio.field.basePrice')}
        value={doc.basePrice}
        path={['basePrice']}
        onChange={(v) => update((d) => void (d.basePrice = v))}
      />
      <label>
        {t('studio.field.skuPrefix')}
        <input
          id={fieldId(['skuPrefix'])}
          value={doc.skuPrefix ?? ''}
          onChange={(e) => update((d) => void (d.skuPrefix = e.target.value.toUpperCase()))}
        />
      </label>
      <label>
        {t('studio.field.modelFile')}
        <input
          id={fieldId(['model', 'file'])}
          value={doc.model?.file ?? ''}
          onChange={(e) => update((d) => void (d.model = { ...d.model, file: e.target.value }))}
        />
      </label>
    </div>
  );
}
