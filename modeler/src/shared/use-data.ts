import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from './format';

export interface Data<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Loads again now. */
  refresh: () => void;
}

/**
 * Loads `load()` whenever `deps` change and, with `pollMs`, again every `pollMs` while the page
 * is visible — so lists stay current without reloading. A slow answer to an old request never
 * overwrites a newer one.
 */
export function useData<T>(load: () => Promise<T>, deps: readonly unknown[], pollMs?: number): Data<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((quiet: boolean) => {
    const mine = ++generation.current;
    if (!quiet) setLoading(true);
    loadRef.current().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(messageOf(e));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    setData(undefined);
    run(false);
    if (!pollMs) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') run(true);
    }, pollMs);
    return () => clearInterval(timer);
  }, deps);

  return { data, error, loading, refresh: useCallback(() => run(true), [run]) };
}
