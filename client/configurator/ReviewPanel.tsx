import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeValue, formatMoney, lineTotal } from '../../catalog/index.js';
import { selectConfiguration, selectError, selectPrice, selectTotal, selectVariantCode } from '../../catalog/flow/selectors.js';
import { MAX_ORDER_QUANTITY } from '../../catalog/flow/types.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { ConfigurationSummary } from './ConfigurationSummary.js';
import { PriceLines } from './PriceLines.js';
import { useProduct } from './productContext.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Review, the last step: what will be ordered, the price line by line, the snapshot; the order form. */
export function ReviewPanel({ snapshot }: { snapshot: string | null }) {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const { t, l, locale, intl } = useT();
  const configuration = useConfiguratorSelector(selectConfiguration);
  const unit = useConfiguratorSelector(selectTotal);
  const price = useConfiguratorSelector(selectPrice);
  const variantCode = useConfiguratorSelector(selectVariantCode);
  // Opening the review moves the focus to its heading (a screen reader starts reading there).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);
  const submitting = useConfiguratorSelector((s) => s.matches('submitting'));
  const error = useConfiguratorSelector(selectError);
  const [form, setForm] = useState({ name: '', email: '', quantity: '1', address: '' });
  const [touched, setTouched] = useState(false);
  const addressRule = product.checkout.address;

  const quantity = Number(form.quantity);
  const quantityOk = /^\d+$/.test(form.quantity.trim()) && quantity >= 1 && quantity <= MAX_ORDER_QUANTITY;
  // While the quantity is being corrected, the total of the last good one stays on screen.
  const [shownQuantity, setShownQuantity] = useState(1);
  if (quantityOk && quantity !== shownQuantity) setShownQuantity(quantity);
  const problems = {
    name: form.name.trim() ? null : t('review.required'),
    email: EMAIL.test(form.email.trim()) ? null : t('review.invalidEmail'),
    quantity: quantityOk ? null : t('review.quantityRange', { max: MAX_ORDER_QUANTITY }),
    address: addressRule === 'required' && !form.address.trim() ? t('review.addressRequired') : null,
  };
  const valid = !problems.name && !problems.email && !problems.quantity && !problems.address;
  const sizes = product.attributes.filter((a) => a.kind === 'size');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!valid || submitting) return;
    const address = addressRule === 'hidden' ? '' : form.address.trim();
    actor.send({
      type: 'order.submit',
      quantity,
      customer: { name: form.name.trim(), email: form.email.trim(), ...(address ? { address } : {}), locale },
      ...(snapshot ? { snapshot } : {}),
    });
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });
  // The quantity is checked as it is typed (a number field gives no other feedback); the rest on submit.
  const invalid = (key: keyof typeof problems) => (touched || key === 'quantity') && problems[key] !== null;
  const errorId = (key: keyof typeof problems) => (invalid(key) ? `order-${key}-error` : undefined);
  const errorText =
    error?.kind === 'order' ? t('review.failed', { message: error.code ? error.message + '.' : t('error.network') }) : null;

  return (
    <div className="review-panel">
      <h2 ref={heading} tabIndex={-1} data-testid="review-heading">
        {t('review.title', { product: l(product.name) })}
      </h2>
      {snapshot && <img className="snapshot" src={snapshot} alt={t('review.snapshot')} data-testid="snapshot" />}
      <h3>{t('review.summary')}</h3>
      <ConfigurationSummary product={product} configuration={configuration} />
      <h3>{t('review.price')}</h3>
      <PriceLines product={product} lines={price.lines} currency={price.currency} />
      <p className="price-total">
        <span>{t('order.unitPrice')}</span>
        <strong data-testid="price-total">{formatMoney(price.total, price.currency, intl)}</strong>
      </p>
      <p className="variant-code">
        {t('cfg.variant')}: <span data-testid="variant-code">{variantCode}</span>
      </p>
      <form className="form" onSubmit={submit} noValidate aria-labelledby="order-form-title">
        <h3 id="order-form-title">{t('review.form')}</h3>
        <label>
          {t('review.name')}
          <input
            name="name"
            autoComplete="name"
            required
            aria-invalid={invalid('name') || undefined}
            aria-describedby={errorId('name')}
            {...field('name')}
          />
          {invalid('name') && (
            <span className="field-error" id="order-name-error">
              {problems.name}
            </span>
          )}
        </label>
        <label>
          {t('review.email')}
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={invalid('email') || undefined}
            aria-describedby={errorId('email')}
            {...field('email')}
          />
          {invalid('email') && (
            <span className="field-error" id="order-email-error">
              {problems.email}
            </span>
          )}
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
            aria-describedby={errorId('quantity')}
            {...field('quantity')}
          />
          {invalid('quantity') && (
            <span className="field-error" id="order-quantity-error" role="alert">
              {problems.quantity}
            </span>
          )}
        </label>
        {addressRule !== 'hidden' && (
          <label>
            <span>
              {t('review.address')}
              {addressRule === 'optional' && ` ${t('review.optional')}`}
            </span>
            <textarea
              name="address"
              autoComplete="street-address"
              rows={3}
              required={addressRule === 'required'}
              aria-invalid={invalid('address') || undefined}
              aria-describedby={errorId('address')}
              {...field('address')}
            />
            {invalid('address') && (
              <span className="field-error" id="order-address-error">
                {problems.address}
              </span>
            )}
          </label>
        )}
        {sizes.map((a) => (
          <p key={a.id} className="field-hint" data-testid="size-check">
            {t('review.checkSize', { attr: l(a.label), value: describeValue(a, configuration[a.id], locale) })}
          </p>
        ))}
        <p className="price-total">
          <span>{t('review.total', { n: shownQuantity.toLocaleString(intl) })}</span>
          <strong data-testid="order-total-shown">{formatMoney(lineTotal(unit, shownQuantity), product.currency, intl)}</strong>
        </p>
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
