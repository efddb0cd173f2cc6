/**
 * FEEL evaluation for the interpreter, on top of feelin. Deterministic: `now()` and `today()`
 * answer from the command's clock, never from the machine's.
 *
 * A failed evaluation is a value (see {@link Outcome}), never an exception: a syntax error, a
 * failed `assert` or an exhausted budget fail, and the caller raises an incident the operator
 * can fix. As in Camunda 8.3+, a missing variable, context entry or function is `null` (the
 * outcome carries feelin's warnings, for the message of whatever then finds `null` unfit).
 */
import { date, dateAndTime, evaluate as feelinEvaluate } from 'feelin';
import { FEEL_DIALECT, feelLimitError, feelLimits, type Expression } from '@osprey/bpmn';
import type { JsonValue } from '../state';
import { fail, type Outcome } from '../util/outcome';
import { feelToJson } from './feel-value';
import { compileSimple, FALLBACK, type SimpleExpression } from './simple-expression';
import { FeelBudgetExceeded, mayIterate, withFeelBudget } from './feel-budget';
import { FeelRegexError, REGEX_BUILTINS } from './feel-regex';
import { camundaFunctionsFor, FeelAssertionFailed } from './camunda-functions';
import type { VariableContext } from './variable-context';

/**
 * Compiled fast paths by source; `null` = not a simple shape, always ask feelin; a string = the
 * expression exceeds the FEEL limits (why), so it is never evaluated.
 */
const compiled = new Map<string, SimpleExpression | string | null>();
/** Bound on distinct sources kept; models hold a few hundred at most, 10,000 is ample. */
const MAX_CACHED = 10_000;

/**
 * Evaluates a model value: a static value is its string, a FEEL expression is evaluated
 * against `vars` at time `now` (ms since the epoch).
 */
export function evaluateExpression(expr: Expression, vars: VariableContext, now: number): Outcome<JsonValue> {
  return expr.kind === 'static' ? { ok: true, value: expr.value } : evaluateFeel(expr.source, vars, now);
}

/** Evaluates FEEL `source` (with or without the leading `=`) against `vars` at time `now`. */
export function evaluateFeel(source: string, vars: VariableContext, now: number): Outcome<JsonValue> {
  const expression = source.startsWith('=') ? source.slice(1) : source;
  let simple = compiled.get(expression);
  if (simple === undefined) {
    // The limits were checked at deployment; checked again here for expressions from requests
    // and for models deployed under laxer limits.
    simple = overLimits(expression) ?? compileSimple(expression) ?? null;
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(expression, simple);
  }
  if (typeof simple === 'string') return fail(`Expected a FEEL expression within the engine's limits, but '${excerpt(expression)}' ${simple}`);
  if (simple) {
    const value = simple(vars);
    if (value !== FALLBACK) return { ok: true, value };
  }
  return evaluateWithFeelin(expression, vars, now);
}

/** Evaluates with feelin only (no fast path); exported for the differential test. */
export function evaluateWithFeelin(
  expression: string,
  vars: VariableContext,
  now: number,
): Outcome<JsonValue> {
  if (expression.trim() === '') return fail(`Expected a FEEL expression, but it is empty`);
  let result: { value: unknown; warnings: readonly { message: string }[] };
  try {
    const context = { ...clock(now), ...REGEX_BUILTINS, ...camundaFunctionsFor(expression, vars), ...referencedVariables(expression, vars) };
    result = withFeelBudget(feelLimits().maxIterations, () => feelinEvaluate(expression, context, FEEL_DIALECT), mayIterate(expression));
  } catch (err) {
    if (err instanceof FeelAssertionFailed) {
      return fail(`Expected to evaluate the expression '${excerpt(expression)}', but an assertion failed: ${err.message}`);
    }
    if (err instanceof FeelBudgetExceeded) {
      return fail(`Expected to evaluate the expression '${excerpt(expression)}' within the engine's limits, but ${err.message}`);
    }
    if (err instanceof FeelRegexError) return fail(`${err.message} (expression '${excerpt(expression)}')`);
    return fail(
      `Expected a valid FEEL expression, but '${expression}' failed to parse: ${(err as Error).message}`,
    );
  }
  if ((result.value === null || result.value === undefined) && result.warnings.length > 0) {
    // Camunda 8.3+: a missing variable, entry or function is null, with warnings, not a failure.
    // Where null does not fit, the caller's message quotes the warnings.
    return { ok: true, value: null, warnings: result.warnings.map((w) => w.message) };
  }
  const json = feelToJson(result.value);
  return json.ok ? json : fail(`${json.message} (expression '${expression}')`);
}

/** Why `expression` exceeds the FEEL limits (length, depth), if it does; syntax errors are feelin's to report. */
function overLimits(expression: string): string | undefined {
  return feelLimitError(expression)?.replace(/^it /, '');
}

/** The start of a long expression, for messages (an incident must not carry 10,000 characters). */
function excerpt(expression: string): string {
  return expression.length > 80 ? `${expression.slice(0, 80)}…` : expression;
}

/**
 * The visible variables whose names occur in `expression`: the only ones it can refer to.
 * feelin converts every value of the context it is given, so handing it all of them would make
 * each evaluation cost the size of every visible value (a 1,000-element list evaluated 1,000
 * times over, in a multi-instance activity); a name that does not occur cannot be used.
 */
function referencedVariables(expression: string, vars: VariableContext): Record<string, JsonValue> {
  const all = vars.toObject();
  const used: Record<string, JsonValue> = {};
  for (const name of Object.keys(all)) {
    if (expression.includes(name)) {
      Object.defineProperty(used, name, {
        value: all[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return used;
}

/** `now()` and `today()` bound to the command's clock; user variables of those names win. */
function clock(now: number): Record<string, unknown> {
  const iso = new Date(now).toISOString();
  return {
    now: () => dateAndTime(iso),
    today: () => date(iso.slice(0, 10)),
  };
}
