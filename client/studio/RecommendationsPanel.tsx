import { useEffect, useState } from 'react';
import { useViewStore } from '../state/viewStore.js';
import { rebuildRecommendation, recommendationStatus, updateRecommendation, type RecommendationStatus } from './studioApi.js';
import { useStudioT } from './studioMessages.js';

/**
 * The product's guided choices (#19): on or off, the minimum number of orders before customers
 * see "most chosen" marks and "complete it for me", learning from the orders now, and how many
 * orders the model learned from and when. The model is also relearned on the server's schedule.
 */
export function RecommendationsPanel({ productId }: { productId: string }) {
  const t = useStudioT();
  const locale = useViewStore((s) => s.locale);
  const [status, setStatus] = useState<RecommendationStatus | null>(null);
  const [minOrders, setMinOrders] = useState('');
  const [busy, setBusy] = useState<'save' | 'rebuild' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  const show = (s: RecommendationStatus) => {
    setStatus(s);
    setMinOrders(String(s.minOrders));
    setError(null);
  };
  useEffect(() => {
    recommendationStatus(productId).then(show, (e: Error) => setError(e.message));
  }, [productId]);

  const run = async (kind: 'save' | 'rebuild', call: () => Promise<RecommendationStatus>, done: string) => {
    setBusy(kind);
    setNotice('');
    try {
      show(await call());
      setNotice(done);
    } catch (e) {
      setError((e as Error).message);
      recommendationStatus(productId).then(setStatus, () => undefined);
    } finally {
      setBusy(null);
    }
  };

  if (!status)
    return error ? (
      <p className="field-error" role="alert">
        {error}
      </p>
    ) : (
      <p>{t('studio.rec.loading')}</p>
    );
  const min = Number(minOrders);
  const minValid = Number.isInteger(min) && min >= 1 && min <= 1_000_000;
  const shown = status.enabled && status.learnedAt !== null && status.orders >= status.minOrders;
  const learned = status.learnedAt
    ? t('studio.rec.learned', {
        orders: status.orders,
        when: new Date(status.learnedAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }),
      })
    : t('studio.rec.notLearned');

  return (
    <div className="studio-recommendations" data-testid="recommendations-panel">
      <p className="field-hint">{t('studio.rec.intro')}</p>
      <label className="studio-row" style={{ gap: '0.5rem', alignItems: 'center' }}>
        <input
          type="checkbox"
          checked={status.enabled}
          disabled={busy !== null}
          onChange={(e) => {
            const enabled = e.target.checked;
            // Shown at once; the server's answer (or a reload after a failure) settles it.
            setStatus({ ...status, enabled });
            void run(
              'save',
              () => updateRecommendation(productId, { enabled }),
              enabled ? t('studio.rec.turnedOn') : t('studio.rec.turnedOff'),
            );
          }}
        />
        {t('studio.rec.enabled')}
      </label>
      <form
        className="studio-row"
        style={{ gap: '0.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }}
        onSubmit={(e) => {
          e.preventDefault();
          if (minValid) void run('save', () => updateRecommendation(productId, { minOrders: min }), t('studio.rec.saved'));
        }}
      >
        <label className="field">
          <span>{t('studio.rec.minOrders')}</span>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={1_000_000}
            step={1}
            value={minOrders}
            onChange={(e) => setMinOrders(e.target.value)}
            aria-invalid={!minValid}
            aria-describedby="rec-min-hint"
          />
        </label>
        <button type="submit" className="btn btn-small" disabled={busy !== null || !minValid || min === status.minOrders}>
          {t('studio.rec.save')}
        </button>
      </form>
      <p id="rec-min-hint" className={minValid ? 'field-hint' : 'field-error'}>
        {minValid ? t('studio.rec.minHint') : t('studio.rec.minInvalid')}
      </p>
      <p data-testid="recommendations-learned">{learned}</p>
      <p>
        {shown
          ? t('studio.rec.shown')
          : !status.enabled
            ? t('studio.rec.hiddenOff')
            : t('studio.rec.hiddenFew', { min: status.minOrders })}
      </p>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy !== null}
        onClick={() => void run('rebuild', () => rebuildRecommendation(productId), t('studio.rec.rebuilt'))}
      >
        {busy === 'rebuild' ? t('studio.rec.rebuilding') : t('studio.rec.rebuild')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" aria-live="polite" className="field-hint">
        {notice}
      </p>
    </div>
  );
}
