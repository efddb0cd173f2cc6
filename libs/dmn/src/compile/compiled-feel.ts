/**
 * FEEL of a decision compiled once per deployed version. The cells analysts write most — `-`,
 * a literal, a comparison with a literal, an interval, a list of those, `not(...)` of a list —
 * become closures that answer in nanoseconds; anything else (full FEEL, variables, functions)
 * keeps its source and is handed to the {@link DecisionFeel} the host supplies, so it has exactly
 * the semantics of FEEL in processes.
 */
import type { DecisionValue } from '../decision-model';
import { compileUnaryTestsFastPath, type UnaryTestClosure } from './unary-test-fast-path';

/** A compiled FEEL expression (input expression, output entry, literal expression). */
export interface CompiledExpression {
  /** The FEEL text, trimmed and without a leading `=`; `''` for an empty cell. */
  readonly source: string;
  /**
   * A constant the cell always has (a literal, or `null` for an empty cell), or `undefined`
   * when the expression must be evaluated.
   */
  readonly constant?: DecisionValue;
  /** A variable path (`applicant.age` → `['applicant', 'age']`), read without FEEL. */
  readonly path?: readonly string[];
}

/** Compiled unary tests (an input entry, an input or output values list). */
export interface CompiledUnaryTests {
  readonly source: string;
  /**
   * The compiled test: `true`/`false`, or `undefined` when the fast path cannot answer with
   * certainty for this input (the host's FEEL is asked). `null` when the source has no fast
   * path at all.
   */
  readonly test: UnaryTestClosure | null;
}

const LITERAL_NUMBER = /^-?\d+(?:\.\d+)?$/;
const LITERAL_STRING = /^"([^"\\\n]*)"$/;
const RESERVED = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'if', 'for', 'some', 'every', 'function', 'in', 'between', 'instance', 'of']);

/** Compiles an expression cell; `text` may be `undefined` for a missing cell. */
export function compileExpression(text: string | undefined): CompiledExpression {
  const source = (text ?? '').trim().replace(/^=/, '').trim();
  if (source === '') return { source, constant: null };
  const constant = literalValue(source);
  if (constant !== undefined) return { source, constant };
  const path = variablePath(source);
  return path ? { source, path } : { source };
}

/**
 * The segments of a variable path: `applicant.age`, or with backquoted names as Camunda's FEEL
 * allows them (`` `vehicle type` ``, `` order.`line items` ``); `undefined` for anything else.
 */
export function variablePath(source: string): string[] | undefined {
  const parts: string[] = [];
  let rest = source;
  while (rest.length > 0) {
    const quoted = /^`([^`]+)`/.exec(rest);
    const plain = quoted ? null : /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const name = quoted?.[1] ?? plain?.[0];
    if (name === undefined || (plain && RESERVED.has(name))) return undefined;
    parts.push(name);
    rest = rest.slice((quoted ?? plain)![0].length);
    if (rest.length === 0) break;
    if (!rest.startsWith('.') || rest.length === 1) return undefined;
    rest = rest.slice(1);
  }
  return parts.length > 0 ? parts : undefined;
}

/** Compiles a unary-tests cell; `-` or an empty cell matches everything. */
export function compileUnaryTests(text: string | undefined): CompiledUnaryTests {
  const source = (text ?? '').trim();
  if (source === '' || source === '-') return { source: '-', test: () => true };
  return { source, test: compileUnaryTestsFastPath(source) ?? null };
}

/** The value of a FEEL literal (number, simple string, boolean, null), or `undefined`. */
export function literalValue(source: string): DecisionValue | undefined {
  if (LITERAL_NUMBER.test(source)) return Number(source);
  const string = LITERAL_STRING.exec(source);
  if (string) return string[1];
  if (source === 'true') return true;
  if (source === 'false') return false;
  if (source === 'null') return null;
  return undefined;
}
