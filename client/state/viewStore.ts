import { create } from 'zustand';
import type { RecommendationAnswer } from '../api/recommendations.js';
import { LOCALES, type AppLocale } from '../i18n/messages.js';

/**
 * View state of the consumer app: never part of the order. The configuration itself lives in
 * the configurator actor (see ConfiguratorProvider).
 */
export interface ViewState {
  locale: AppLocale;
  /** glTF part the pointer is over, for highlighting. */
  hoveredPart: string | null;
  /** A disclosure panel the consumer opened (e.g. "breakdown"); survives re-renders and route changes. */
  openPanel: string | null;
  /** Camera framing: a step id (the open step's), or "product" for the whole product. */
  cameraPreset: string;
  /** The latest answer of the shop's learned model for the open product, with the share code it answered (#19). */
  recommendation: { code: string; answer: RecommendationAnswer } | null;
  setLocale(locale: AppLocale): void;
  setHoveredPart(part: string | null): void;
  setOpenPanel(panel: string | null): void;
  setCameraPreset(preset: string): void;
  setRecommendation(recommendation: { code: string; answer: RecommendationAnswer } | null): void;
}

export const LOCALE_STORAGE_KEY = 'maatwerk.locale';

function isLocale(v: unknown): v is AppLocale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The remembered locale, else the browser's language when we have it, else English. */
export function initialLocale(): AppLocale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage blocked (private mode, sandbox): fall through
  }
  const nav = globalThis.navigator?.language?.slice(0, 2);
  return isLocale(nav) ? nav : 'en';
}

export const useViewStore = create<ViewState>()((set) => ({
  locale: initialLocale(),
  hoveredPart: null,
  openPanel: null,
  cameraPreset: 'product',
  recommendation: null,
  setLocale(locale) {
    try {
      globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // not remembered, still switched
    }
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    set({ locale });
  },
  setHoveredPart: (hoveredPart) => set({ hoveredPart }),
  setOpenPanel: (openPanel) => set({ openPanel }),
  setCameraPreset: (cameraPreset) => set({ cameraPreset }),
  setRecommendation: (recommendation) => set({ recommendation }),
}));
