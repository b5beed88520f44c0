import { afterEach, describe, expect, it, vi } from 'vitest';

/** A localStorage of the browser's shape, in memory. */
function memoryStorage(initial: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(initial));
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

/** A fresh copy of the store module, as a new page load would see it. */
async function load(storage: Storage | undefined, language = 'en-GB') {
  vi.resetModules();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('navigator', { language });
  return import('../../../client/state/viewStore.js');
}

describe('view store: the remembered locale', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("starts in the browser's language when the shop has it, else English", async () => {
    expect((await load(memoryStorage(), 'nl-BE')).useViewStore.getState().locale).toBe('nl');
    expect((await load(memoryStorage(), 'de-DE')).useViewStore.getState().locale).toBe('en');
  });

  it('remembers a chosen locale across page loads, and only the locale', async () => {
    const storage = memoryStorage();
    const first = await load(storage, 'en-GB');
    first.useViewStore.getState().setOpenPanel('breakdown');
    first.useViewStore.getState().setLocale('nl');
    const saved = JSON.parse(storage.getItem(first.LOCALE_STORAGE_KEY)!) as { state: Record<string, unknown> };
    expect(saved.state).toEqual({ locale: 'nl' });
    const second = await load(storage, 'en-GB');
    expect(second.useViewStore.getState().locale).toBe('nl');
    expect(second.useViewStore.getState().openPanel).toBeNull();
  });

  it('ignores a stored locale the shop does not have, and works without storage', async () => {
    const bad = memoryStorage({ 'maatwerk.locale': JSON.stringify({ state: { locale: 'xx' }, version: 1 }) });
    expect((await load(bad, 'nl-NL')).useViewStore.getState().locale).toBe('nl');
    const none = await load(undefined, 'nl-NL');
    none.useViewStore.getState().setLocale('en');
    expect(none.useViewStore.getState().locale).toBe('en');
    const full = memoryStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const blocked = await load(full, 'en-GB');
    blocked.useViewStore.getState().setLocale('nl');
    expect(blocked.useViewStore.getState().locale).toBe('nl');
  });
});
