import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** How long typing may pause before the value is applied, in ms. */
const SETTLE_MS = 400;

type Props = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onInput' | 'onKeyDown'> & {
  value: string;
  /** Called once typing settles, on Enter, and when the field is left. */
  onCommit: (value: string) => void;
};

/**
 * A text field that keeps what is being typed as its own state and applies it when typing
 * settles. A controlled field bound to the applied value lost the typed text whenever the page
 * re-rendered before it was applied — every few seconds on polled lists.
 */
export function TypedInput({ value, onCommit, ...rest }: Props) {
  // Uncontrolled: the field owns what is typed, so no render of the page can put an older
  // value back into it.
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const committed = useRef(value);
  const [initial] = useState(value);

  // A change from outside (Reset, the address) replaces the text; our own commits do not.
  useEffect(() => {
    if (value !== committed.current && input.current) {
      committed.current = value;
      input.current.value = value;
    }
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (next: string) => {
    clearTimeout(timer.current);
    if (next === committed.current) return;
    committed.current = next;
    onCommit(next);
  };

  return (
    <input
      {...rest}
      ref={input}
      defaultValue={initial}
      onInput={(e) => {
        const next = e.currentTarget.value;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), SETTLE_MS);
      }}
      onBlur={(e) => commit(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(e.currentTarget.value);
      }}

    />
  );
}
