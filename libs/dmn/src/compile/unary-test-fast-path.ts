/**
 * The fast path for unary tests: a comma-separated list of literals (`"gold","silver"`, `5`),
 * comparisons with a literal (`< 18`, `>= 1000.5`), intervals (`[18..65)`, `]0..1]`), and
 * `not(...)` of such a list. Each becomes a closure compiled once.
 *
 * FEEL's three-valued logic is kept: comparing values of different types (or `null`) in a
 * comparison or interval is `null` in FEEL, so the closure answers `undefined` there and the
 * host's FEEL decides; a positive list only needs one `true`, so a `false` or `null` element
 * simply does not match.
 */
import type { DecisionValue } from '../decision-model';

/** `true` = matches, `false` = does not, `undefined` = ask the host's FEEL. */
export type UnaryTestClosure = (input: DecisionValue) => boolean | undefined;

type Literal = number | string | boolean | null;
/** One positive test; returns `null` where FEEL's answer would be `null` (incomparable). */
type Positive = (input: DecisionValue) => boolean | null;

const TOKEN = /\s*(?:(-?\d+(?:\.\d+)?)(?![\w])|"([^"\\\n]*)"|(true|false|null|not)\b|(\.\.|<=|>=|<|>|\(|\)|\[|\]|,))/y;

interface Token {
  readonly kind: 'literal' | 'not' | 'punct';
  readonly value: Literal | string;
}

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(source);
    if (!m) return undefined;
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'literal', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'literal', value: m[2] });
    else if (m[3] === 'not') tokens.push({ kind: 'not', value: 'not' });
    else if (m[3] !== undefined) tokens.push({ kind: 'literal', value: m[3] === 'null' ? null : m[3] === 'true' });
    else tokens.push({ kind: 'punct', value: m[4] });
  }
  return tokens;
}

/** Compiles `source` when it has a fast-path shape, else `undefined`. */
export function compileUnaryTestsFastPath(source: string): UnaryTestClosure | undefined {
  const tokens = tokenize(source);
  if (!tokens || tokens.length === 0) return undefined;
  if (tokens[0].kind === 'not') {
    const last = tokens[tokens.length - 1];
    if (tokens[1]?.value !== '(' || last.value !== ')') return undefined;
    const inner = positiveList(tokens.slice(2, -1));
    if (!inner) return undefined;
    return (input) => {
      const r = anyMatch(inner, input);
      return r === null ? undefined : !r;
    };
  }
  const list = positiveList(tokens);
  if (!list) return undefined;
  return (input) => anyMatch(list, input) === true;
}

/** `true` if one test matches; `null` if none matches and one was incomparable; else `false`. */
function anyMatch(tests: readonly Positive[], input: DecisionValue): boolean | null {
  let sawNull = false;
  for (const t of tests) {
    const r = t(input);
    if (r === true) return true;
    if (r === null) sawNull = true;
  }
  return sawNull ? null : false;
}

function positiveList(tokens: readonly Token[]): Positive[] | undefined {
  const tests: Positive[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || tokens[i].value === ',') {
      const test = positive(tokens.slice(start, i));
      if (!test) return undefined;
      tests.push(test);
      start = i + 1;
    }
  }
  return tests;
}

function positive(tokens: readonly Token[]): Positive | undefined {
  if (tokens.length === 1 && tokens[0].kind === 'literal') return equals(tokens[0].value as Literal);
  if (tokens.length === 2 && tokens[0].kind === 'punct' && tokens[1].kind === 'literal') {
    const bound = tokens[1].value as Literal;
    if (typeof bound !== 'number' && typeof bound !== 'string') return undefined;
    switch (tokens[0].value) {
      case '<':
        return compare(bound, (c) => c < 0);
      case '<=':
        return compare(bound, (c) => c <= 0);
      case '>':
        return compare(bound, (c) => c > 0);
      case '>=':
        return compare(bound, (c) => c >= 0);
      default:
        return undefined;
    }
  }
  if (tokens.length === 5 && tokens[2].value === '..' && tokens[1].kind === 'literal' && tokens[3].kind === 'literal') {
    return interval(tokens[0].value, tokens[1].value as Literal, tokens[3].value as Literal, tokens[4].value);
  }
  return undefined;
}

/** FEEL equality: `null` equals only `null`; values of different types are incomparable. */
function equals(expected: Literal): Positive {
  return (input) => {
    if (input === expected) return true;
    return input === null || expected === null || typeof input === typeof expected ? false : null;
  };
}

/** Orders `input` against `bound`; `null` when the two are not of the same comparable type. */
function order(input: DecisionValue, bound: number | string): number | null {
  if (typeof input !== typeof bound) return null;
  const a = input as number | string;
  return a < bound ? -1 : a > bound ? 1 : 0;
}

function compare(bound: number | string, holds: (c: number) => boolean): Positive {
  return (input) => {
    const c = order(input, bound);
    return c === null ? null : holds(c);
  };
}

function interval(open: Token['value'], low: Literal, high: Literal, close: Token['value']): Positive | undefined {
  const numeric = typeof low === 'number' && typeof high === 'number';
  const textual = typeof low === 'string' && typeof high === 'string';
  if (!numeric && !textual) return undefined;
  const lowInclusive = open === '[';
  const highInclusive = close === ']';
  if (!(open === '[' || open === '(' || open === ']') || !(close === ']' || close === ')' || close === '[')) return undefined;
  return (input) => {
    const a = order(input, low);
    const b = order(input, high);
    if (a === null || b === null) return null;
    return (lowInclusive ? a >= 0 : a > 0) && (highInclusive ? b <= 0 : b < 0);
  };
}
