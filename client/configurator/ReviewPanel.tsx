import { useState, type FormEvent } from 'react';
import { formatMoney, lineTotal } from '../../catalog/index.js';
import { selectConfiguration, selectError, selectTotal } from '../../catalog/flow/selectors.js';
import { MAX_ORDER_QUANTITY } from '../../catalog/flow/types.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { ConfigurationSummary } from './ConfigurationSummary.js';
import { PriceSummary } from './PriceSummary.js';
import { useProduct } from './productContext.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Review: what will be ordered, its price, the snapshot; the order form. */
export function ReviewPanel({ snapshot }: { snapshot: string | null }) {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const { t, l, locale } = useT();
  const configuration = useConfiguratorSelector(selectConfiguration);
  const unit = useConfiguratorSelector(selectTotal);
  const submitting = useConfiguratorSelector((s) => s.matches('submitting'));
  const error = useConfiguratorSelector(selectError);
  const [form, setForm] = useState({ name: '', email: '', quantity: '1', address: '' });
  const [touched, setTouched] = useState(false);

  const quantity = Number(form.quantity);
  const quantityOk = Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_ORDER_QUANTITY;
  const problems = {
    name: form.name.trim() ? null : t('review.required'),
    email: EMAIL.test(form.email.trim()) ? null : t('review.invalidEmail'),
    quantity: quantityOk ? null : `1–${MAX_ORDER_QUANTITY}`,
  };
  const valid = !problems.name && !problems.email && !problems.quantity;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!valid || submitting) return;
    const address = form.address.trim();
    actor.send({
      type: 'order.submit',
      quantity,
      customer: { name: form.name.trim(), email: form.email.trim(), ...(address ? { address } : {}) },
      ...(snapshot ? { snapshot } : {}),
    });
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });
  const invalid = (key: keyof typeof problems) => touched && problems[key] !== null;
  const errorText =
    error?.kind === 'order' ? t('review.failed', { message: error.code ? error.message + '.' : t('error.network') }) : null;

  return (
    <div className="review-panel">
      <h2>{t('review.title', { product: l(product.name) })}</h2>
      {snapshot && <img className="snapshot" src={snapshot} alt={t('review.snapshot')} data-testid="snapshot" />}
      <h3>{t('review.summary')}</h3>
      <ConfigurationSummary product={product} configuration={configuration} />
      <div style={{ margin: '1rem 0' }}>
        <PriceSummary />
      </div>
      <form className="form" onSubmit={submit} noValidate aria-labelledby="order-form-title">
        <h3 id="order-form-title">{t('review.form')}</h3>
        <label>
          {t('review.name')}
          <input name="name" autoComplete="name" required aria-invalid={invalid('name') || undefined} {...field('name')} />
          {invalid('name') && <span className="field-error">{problems.name}</span>}
        </label>
        <label>
          {t('review.email')}
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={invalid('email') || undefined}
            {...field('email')}
          />
          {invalid('email') && <span className="field-error">{problems.email}</span>}
        </label>
        <label>
          {t('review.quantity')}
          <input
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_ORDER_QUANTITY}
            required
            aria-invalid={invalid('quantity') || undefined}
            {...field('quantity')}
          />
        </label>
        <label>
          {t('review.address')}
          <textarea name="address" autoComplete="street-address" rows={3} {...field('address')} />
        </label>
        {quantityOk && (
          <p className="price-total">
            <span>{t('review.total', { n: quantity })}</span>
            <strong data-testid="order-total-shown">{formatMoney(lineTotal(unit, quantity), product.currency, locale)}</strong>
          </p>
        )}
        {errorText && (
          <p className="notice notice-error" role="alert" data-testid="order-error">
            {errorText}
          </p>
        )}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={submitting}>
            {submitting ? t('review.submitting') : t('review.submit')}
          </button>
          <button type="button" className="btn" disabled={submitting} onClick={() => actor.send({ type: 'review.back' })}>
            {t('review.back')}
          </button>
        </div>
      </form>
    </div>
  );
}
