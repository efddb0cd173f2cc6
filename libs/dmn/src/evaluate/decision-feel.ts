/**
 * The FEEL a decision is evaluated with, supplied by the host. The engine's runtime supplies
 * the same evaluator its processes use (fast paths, iteration budget, the command's clock), so
 * FEEL means the same thing in a decision as in a process; see ADR 0010.
 */
import type { DecisionValue } from '../decision-model';

/** A FEEL result: a value, or why there is none ("Expected X, but Y"). */
export type FeelResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Variables visible to a decision: the caller's, plus the results of required decisions by id. */
export type DecisionVariables = Readonly<Record<string, DecisionValue>>;

/** FEEL evaluation as the host provides it. Must not throw for a failing expression. */
export interface DecisionFeel {
  /** Evaluates a FEEL expression (no leading `=`) against `variables`. */
  evaluate(expression: string, variables: DecisionVariables): FeelResult<DecisionValue>;
  /**
   * Evaluates FEEL unary tests against `input` (FEEL's `?`) with `variables` in scope; `true`
   * when they match. An expression that is not a test matches when it equals the input, or
   * when it is `true`, as in Camunda. `typeRef` is the input column's declared type: a
   * temporal type (`date`, `dateTime`, `time`) says the ISO string stands for a FEEL temporal value.
   */
  unaryTest(tests: string, input: DecisionValue, variables: DecisionVariables, typeRef?: string | null): FeelResult<boolean>;
}
