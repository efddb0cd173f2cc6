/**
 * Bounds on FEEL expressions, checked when a model is deployed and again before an expression is
 * evaluated. feelin evaluates synchronously on the engine's only thread and cannot be
 * interrupted, so what it is given must be bounded up front: the length of the source, the depth
 * of its syntax tree (feelin's interpreter recurses once per level), and the elements that range
 * enumerations (`for x in 1..n`) may produce (enforced by the runtime's FEEL budget).
 */
export interface FeelLimits {
  /** Longest expression, in characters. @default 10000 */
  readonly maxLength: number;
  /** Deepest syntax tree (nested brackets, calls, operators, contexts). @default 200 */
  readonly maxDepth: number;
  /**
   * Iterations one evaluation may take (list and range passes, regular-expression work), nested
   * loops counted in full. Sized so a spent budget holds the event loop for at most about 10 ms:
   * a unit costs 0.06–0.32 µs across the loop shapes measured. @default 25000
   */
  readonly maxIterations: number;
}

/** The limits in force when nothing is configured. */
export const DEFAULT_FEEL_LIMITS: FeelLimits = { maxLength: 10_000, maxDepth: 200, maxIterations: 25_000 };

let current: FeelLimits = DEFAULT_FEEL_LIMITS;

/**
 * Sets the FEEL limits of this process (the engine calls it once at start from its
 * configuration). They are process-wide: validation and evaluation must agree on them.
 */
export function setFeelLimits(limits: Partial<FeelLimits>): void {
  current = { ...current, ...limits };
}

/** The FEEL limits in force. */
export function feelLimits(): FeelLimits {
  return current;
}
