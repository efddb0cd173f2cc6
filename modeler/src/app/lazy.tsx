import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Renders a page loaded on first use, so the inbox on a phone never downloads the modeler.
 * `load` must be stable (a module-level function).
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let cached: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => cached);
    const [failed, setFailed] = useState<string>();
    useEffect(() => {
      if (cached) return;
      load().then(
        (m) => {
          cached = m.default;
          setPage(() => m.default);
        },
        (e: Error) => setFailed(e.message),
      );
    }, []);
    if (failed) return <div class="page-message">This page failed to load ({failed}). Reload to try again.</div>;
    if (!Page) return <div class="page-message">Loading…</div>;
    return <Page {...props} />;
  };
}
