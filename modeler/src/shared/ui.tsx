import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Small building blocks every page uses. */

type ButtonProps = JSX.HTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  busy?: boolean;
  disabled?: boolean;
  type?: 'button' | 'submit';
};

export function Button({ variant = 'secondary', busy, disabled, type = 'button', children, class: cls, ...rest }: ButtonProps) {
  return (
    <button type={type} class={`btn btn-${variant} ${cls ?? ''}`} disabled={disabled || busy} aria-busy={busy ? 'true' : undefined} {...rest}>
      {children}
    </button>
  );
}

export function Badge({ tone = 'neutral', children, title }: { tone?: 'neutral' | 'info' | 'success' | 'warning' | 'danger'; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

export function ErrorNote({ children }: { children: ComponentChildren }) {
  return (
    <div class="error-note" role="alert">
      {children}
    </div>
  );
}

/** A modal dialog on the native `<dialog>` element (focus trap and Escape for free). */
export function Dialog({ title, open, onClose, children, footer, wide }: { title: string; open: boolean; onClose: () => void; children: ComponentChildren; footer?: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} class={`dialog ${wide ? 'dialog-wide' : ''}`} aria-label={title} onClose={onClose} onCancel={onClose}>
      <header class="dialog-header">
        <h2>{title}</h2>
        <button type="button" class="icon-btn" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div class="dialog-body">{open ? children : null}</div>
      {footer ? <footer class="dialog-footer">{footer}</footer> : null}
    </dialog>
  );
}

/** Tabs that keep their panels simple: only the selected one renders. */
export function Tabs<T extends string>({ tabs, value, onChange }: { tabs: { id: T; label: ComponentChildren }[]; value: T; onChange: (id: T) => void }) {
  return (
    <div class="tabs" role="tablist">
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={t.id === value} class={`tab ${t.id === value ? 'tab-active' : ''}`} onClick={() => onChange(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
