/**
 * Evaluation of model values that must have a particular type: job types and message names are
 * strings, retries and priorities numbers, conditions booleans, candidate lists lists. Each
 * returns a failure that reads "Expected X, but Y" when the value does not fit.
 */
import type { Expression } from '@osprey/bpmn';
import type { JsonValue } from '../state';
import { fail, ok, type Outcome } from '../util/outcome';
import { zonedToInstant } from '../util/zoned-time';
import { evaluateExpression } from './feel-evaluator';
import { describeValue, feelTypeOf } from './feel-value';
import type { VariableContext } from './variable-context';

function describeExpr(expr: Expression): string {
  return expr.kind === 'feel' ? `'${expr.source}'` : `'${expr.value}'`;
}

function mismatch<T>(expr: Expression, expected: string, value: JsonValue, warnings?: readonly string[]): Outcome<T> {
  // As Camunda does, name what the evaluation noticed (a missing variable) when it explains the null.
  const noticed = warnings?.length ? `. The evaluation reported: ${warnings.join('; ')}` : '';
  return fail(
    `Expected result of the expression ${describeExpr(expr)} to be '${expected}', but was '${feelTypeOf(value)}' (${describeValue(value)})${noticed}`,
  );
}

/** A non-empty string. */
export function evaluateString(expr: Expression, vars: VariableContext, now: number): Outcome<string> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  if (typeof r.value !== 'string' || r.value === '') return mismatch(expr, 'STRING', r.value, r.warnings);
  return ok(r.value);
}

/** A string, or a number turned into its string (message correlation keys). */
export function evaluateKey(expr: Expression, vars: VariableContext, now: number): Outcome<string> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  if (typeof r.value === 'number') return ok(String(r.value));
  if (typeof r.value !== 'string') return mismatch(expr, 'STRING', r.value, r.warnings);
  return ok(r.value);
}

/** An integer; a static value must be written as one (`"3"`). */
export function evaluateInteger(expr: Expression, vars: VariableContext, now: number): Outcome<number> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  const n = typeof r.value === 'string' && /^\s*-?\d+\s*$/.test(r.value) ? Number(r.value) : r.value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return mismatch(expr, 'NUMBER', r.value, r.warnings);
  return ok(n);
}

/** A list (a multi-instance input collection). */
export function evaluateList(expr: Expression, vars: VariableContext, now: number): Outcome<JsonValue[]> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  if (!Array.isArray(r.value)) return mismatch(expr, 'ARRAY', r.value, r.warnings);
  return ok(r.value);
}

/** A boolean (sequence flow conditions). */
export function evaluateBoolean(expr: Expression, vars: VariableContext, now: number): Outcome<boolean> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  if (typeof r.value !== 'boolean') return mismatch(expr, 'BOOLEAN', r.value, r.warnings);
  return ok(r.value);
}

/**
 * A list of strings from a FEEL list or a comma-separated string (`"sales, support"`), as
 * candidate groups and users are written in either form.
 */
export function evaluateStringList(expr: Expression, vars: VariableContext, now: number): Outcome<string[]> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  if (r.value === null) return ok([]);
  if (typeof r.value === 'string') return ok(splitList(r.value));
  if (Array.isArray(r.value) && r.value.every((v) => typeof v === 'string')) return ok(r.value as string[]);
  return mismatch(expr, 'ARRAY of STRING', r.value, r.warnings);
}

/** Splits a comma-separated list, dropping blanks. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** An ISO 8601 date-time (string, or a FEEL date and time), returned as an ISO string in UTC. */
export function evaluateDateTime(expr: Expression, vars: VariableContext, now: number): Outcome<string> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  const ms = typeof r.value === 'string' ? parseDateTime(r.value) : undefined;
  if (ms === undefined) return mismatch(expr, 'DATE TIME', r.value, r.warnings);
  return ok(new Date(ms).toISOString());
}

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?(?:@([\w/+-]+))?$/;

/**
 * Milliseconds since the epoch of an ISO 8601 date-time. An offset (`Z`, `+02:00`) wins; else a
 * FEEL zone id (`@Europe/Paris`) places the local time; else the time is read as UTC.
 */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, local, offset, zone] = m;
  const ms = Date.parse(`${local}${offset ?? 'Z'}`);
  if (Number.isNaN(ms)) return undefined;
  return offset || !zone ? ms : zonedToInstant(ms, zone);
}
