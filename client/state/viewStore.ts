import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { RecommendationAnswer } from '../api/recommendations.js';
import { isLocale, type AppLocale } from './locales.js';

/**
 * View state of the consumer app: never part of the order. The configuration itself lives in
 * the configurator actor (see ConfiguratorProvider). Only the locale is remembered (zustand's
 * `persist`, in localStorage; a blocked storage just forgets it).
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

/** The browser's language when the shop has it, else English (until the consumer picks one). */
export function browserLocale(): AppLocale {
  const nav = globalThis.navigator?.language?.slice(0, 2);
  return isLocale(nav) ? nav : 'en';
}

/** localStorage, where blocked or full storage (private modes, sandboxed frames) only forgets. */
const safeStorage = {
  getItem(key: string): string | null {
    try {
      return globalThis.localStorage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  },
  setItem(key: string, value: string): void {
    try {
      globalThis.localStorage?.setItem(key, value);
    } catch {
      // not remembered, still switched
    }
  },
  removeItem(key: string): void {
    try {
      globalThis.localStorage?.removeItem(key);
    } catch {
      // nothing to forget
    }
  },
};

export const useViewStore = create<ViewState>()(
  persist(
    (set) => ({
      locale: browserLocale(),
      hoveredPart: null,
      openPanel: null,
      cameraPreset: 'product',
      recommendation: null,
      setLocale: (locale) => set({ locale }),
      setHoveredPart: (hoveredPart) => set({ hoveredPart }),
      setOpenPanel: (openPanel) => set({ openPanel }),
      setCameraPreset: (cameraPreset) => set({ cameraPreset }),
      setRecommendation: (recommendation) => set({ recommendation }),
    }),
    {
      name: LOCALE_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => safeStorage),
      partialize: (s) => ({ locale: s.locale }),
      // A stored value that is not one of today's locales is dropped, not trusted.
      merge: (stored, current) => {
        const locale = (stored as { locale?: unknown } | undefined)?.locale;
        return isLocale(locale) ? { ...current, locale } : current;
      },
    },
  ),
);
