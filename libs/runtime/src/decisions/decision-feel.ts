/**
 * The FEEL a decision is evaluated with: the interpreter's own (see ADR 0010). Expressions go
 * through {@link evaluateFeel} — the same fast paths, limits, iteration budget, clock and
 * failure rules as every expression of a process. Unary tests that the DMN compiler could not
 * compile go to feelin's unary-test evaluator under the same limits and budget, and fail as an
 * expression does: a test that does not match *because* of a missing variable or function is a
 * failure that names it, not a silent mismatch.
 */
import { date, dateAndTime, evaluate, time, unaryTest } from 'feelin';
import { FEEL_DIALECT, feelLimitError, feelLimits } from '@osprey/bpmn';
import type { DecisionFeel, DecisionValue, DecisionVariables, FeelResult } from '@osprey/dmn';
import { evaluateFeel } from '../feel/feel-evaluator';
import { FeelBudgetExceeded, withFeelBudget } from '../feel/feel-budget';
import { REGEX_BUILTINS } from '../feel/feel-regex';
import { ScopeChainContext } from '../feel/variable-context';
import type { JsonValue } from '../state';

/** The interpreter's FEEL for decisions evaluated at time `now` (ms since the epoch). */
export function decisionFeel(now: number): DecisionFeel {
  return {
    evaluate(expression: string, variables: DecisionVariables): FeelResult<DecisionValue> {
      return evaluateFeel(expression, new ScopeChainContext([variables as Readonly<Record<string, JsonValue>>]), now);
    },
    unaryTest(tests: string, input: DecisionValue, variables: DecisionVariables, typeRef?: string | null): FeelResult<boolean> {
      const over = tests.length > feelLimits().maxLength ? feelLimitError(tests) : undefined;
      if (over) return { ok: false, message: `Expected unary tests within the engine's limits, but ${over.replace(/^it /, 'they ')}` };
      try {
        const result = withFeelBudget(feelLimits().maxIterations, () => unaryTest(tests, { ...clock(now), ...REGEX_BUILTINS, ...referenced(tests, variables), '?': temporal(input, typeRef) }, FEEL_DIALECT));
        if (result.value !== true && result.warnings.length > 0) {
          return { ok: false, message: `Expected the unary tests '${tests}' to evaluate, but they failed: ${result.warnings.map((w) => w.message).join('; ')}` };
        }
        if (result.value === true && input === null && tests.includes('?')) return { ok: true, value: nullInputMatches(tests, variables, now) };
        return { ok: true, value: result.value === true };
      } catch (error) {
        if (error instanceof FeelBudgetExceeded) return { ok: false, message: `Expected the unary tests '${tests}' to evaluate within the engine's limits, but ${error.message}` };
        return { ok: false, message: `Expected valid FEEL unary tests, but '${tests}' failed: ${(error as Error).message}` };
      }
    },
  };
}

/**
 * feelin compares a non-boolean test result with the input, so a test on `?` that is `null`
 * for a `null` input (`? > 60`) would "equal" it and match. FEEL answers `null` there, which
 * is no match: the test is evaluated as an expression and only a `true` matches.
 */
function nullInputMatches(tests: string, variables: DecisionVariables, now: number): boolean {
  return evaluate(tests, { ...clock(now), ...referenced(tests, variables), '?': null }, FEEL_DIALECT).value === true;
}

/**
 * The variables whose names occur in `tests`: the only ones they can read. feelin converts every
 * value it is given, so passing them all would cost the size of every variable per cell (the
 * same rule as for expressions in processes).
 */
function referenced(tests: string, variables: DecisionVariables): Record<string, DecisionValue> {
  const used: Record<string, DecisionValue> = {};
  for (const name of Object.keys(variables)) {
    if (tests.includes(name)) Object.defineProperty(used, name, { value: variables[name], enumerable: true, writable: true, configurable: true });
  }
  return used;
}

/** An ISO string input of a temporal column as the FEEL value it stands for; anything else as is. */
function temporal(input: DecisionValue, typeRef: string | null | undefined): unknown {
  if (typeof input !== 'string' || !typeRef) return input;
  try {
    if (typeRef === 'date') return date(input);
    if (typeRef === 'dateTime' || typeRef === 'date and time') return dateAndTime(input);
    if (typeRef === 'time') return time(input);
  } catch {
    // Not a valid temporal string: compared as the string it is, and FEEL then finds no match.
  }
  return input;
}

/** `now()` and `today()` on the command's clock, as in every expression of a process; variables of those names win. */
function clock(now: number): Record<string, unknown> {
  const iso = new Date(now).toISOString();
  return { now: () => dateAndTime(iso), today: () => date(iso.slice(0, 10)) };
}
