import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; error: unknown };

/** Runs `load` when `key` changes (aborting the previous run) and on retry(). */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: string): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    setState({ status: 'loading' });
    load(ac.signal).then(
      (value) => !ac.signal.aborted && setState({ status: 'done', value }),
      (error: unknown) => !ac.signal.aborted && setState({ status: 'error', error }),
    );
    return () => ac.abort();
    // load is keyed by `key` on purpose: callers pass inline closures
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, retry];
}
