import { useEffect, useState } from 'preact/hooks';

/** Short messages at the bottom of the screen: what just happened, or what went wrong. */
export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

let next = 1;
let toasts: Toast[] = [];
const listeners = new Set<(t: Toast[]) => void>();

function publish() {
  for (const l of listeners) l(toasts);
}

function show(kind: Toast['kind'], text: string, ms: number) {
  const t = { id: next++, kind, text };
  toasts = [...toasts, t];
  publish();
  setTimeout(() => dismiss(t.id), ms);
}

export function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  publish();
}

export const toast = {
  success: (text: string) => show('success', text, 4000),
  info: (text: string) => show('info', text, 4000),
  error: (text: string) => show('error', text, 8000),
};

/** The toast stack; rendered once by the shell. */
export function Toasts() {
  const [list, setList] = useState(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} class={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <span>{t.text}</span>
          <button type="button" class="toast-close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
