/**
 * The variables an expression sees. Expressions are mostly a single name (`=orderId`), so the
 * evaluator asks for single names first and only builds the merged object FEEL needs for
 * anything larger.
 */
import type { JsonValue } from '../state';
import { hasOwn } from '../util/json';

/** Read access to the variables visible at one point of the instance. */
export interface VariableContext {
  /** The value of `name` visible here, or `undefined` when no scope defines it. */
  get(name: string): JsonValue | undefined;
  /** Every visible variable in one object; inner scopes shadow outer ones. */
  toObject(): Record<string, JsonValue>;
  /**
   * The source of randomness for FEEL's `random number()` and `uuid()` (a number in [0, 1)),
   * given by the host: the interpreter itself draws none. Absent, those functions fail.
   */
  readonly random?: () => number;
}

/**
 * A context over a chain of variable maps, innermost first (the element's own scope, then its
 * flow scope, …, then the process).
 */
export class ScopeChainContext implements VariableContext {
  private merged?: Record<string, JsonValue>;

  constructor(
    private readonly chain: readonly Readonly<Record<string, JsonValue>>[],
    readonly random?: () => number,
  ) {}

  get(name: string): JsonValue | undefined {
    for (const vars of this.chain) if (hasOwn(vars, name)) return vars[name];
    return undefined;
  }

  toObject(): Record<string, JsonValue> {
    if (!this.merged) {
      const merged: Record<string, JsonValue> = {};
      for (let i = this.chain.length - 1; i >= 0; i--) Object.assign(merged, this.chain[i]);
      this.merged = merged;
    }
    return this.merged;
  }
}

/** A context with some values laid over another one (mapping results seen by later mappings). */
export class OverlayContext implements VariableContext {
  constructor(
    private readonly top: Readonly<Record<string, JsonValue>>,
    private readonly below: VariableContext,
  ) {}

  get random(): (() => number) | undefined {
    return this.below.random;
  }

  get(name: string): JsonValue | undefined {
    return hasOwn(this.top, name) ? this.top[name] : this.below.get(name);
  }

  toObject(): Record<string, JsonValue> {
    return { ...this.below.toObject(), ...this.top };
  }
}

/** A context with no variables (timer start events are evaluated in it). */
export const EMPTY_CONTEXT: VariableContext = new ScopeChainContext([]);
