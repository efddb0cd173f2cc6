/**
 * The result of a step that can fail in an expected way (a FEEL expression that does not
 * evaluate, a timer that does not parse). Expected failures are values, not exceptions: the
 * caller turns a failure into an incident.
 */
export type Outcome<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** What FEEL reported while evaluating to this value (a missing variable read as `null`). */
      readonly warnings?: readonly string[];
    }
  | { readonly ok: false; readonly message: string };

/** A successful {@link Outcome}. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** A failed {@link Outcome}; `message` reads "Expected X, but Y". */
export function fail<T = never>(message: string): Outcome<T> {
  return { ok: false, message };
}
