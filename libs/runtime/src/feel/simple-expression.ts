/**
 * A fast path for the FEEL expressions models use most: a literal, a variable or a property
 * path (`=orderId`, `=customer.address`), one comparison of two of those (`=total > 1000`,
 * `=status = "paid"`), or one sum, difference or product of two integers (`=item * 2`,
 * `=attempt + 1`). feelin parses every expression on every call (about 30–130 µs each,
 * measured on Node 20), which would dominate the interpreter's hot path; these shapes are
 * compiled once into a closure instead.
 *
 * The fast path only answers when the answer is unambiguous: a variable that is missing, a
 * path through something that is not an object, or a comparison of values of different types
 * returns {@link FALLBACK}, and the caller asks feelin, which then also reports the warnings.
 * A differential test compares both on a table of expressions.
 */
import type { JsonValue } from '../state';
import { hasOwn, isJsonObject } from '../util/json';
import type { VariableContext } from './variable-context';

/** Returned when the fast path cannot answer with certainty. */
export const FALLBACK: unique symbol = Symbol('fallback');

/** A compiled simple expression. */
export type SimpleExpression = (vars: VariableContext) => JsonValue | typeof FALLBACK;

type Operand = SimpleExpression;
type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** The arithmetic the fast path computes, by operator; chosen once, when the expression is compiled. */
const ARITHMETIC: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
};

const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'and',
  'or',
  'not',
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'between',
  'instance',
  'of',
  'function',
  'external',
]);
const TOKEN = /\s*(?:(\d+(?:\.\d+)?)(?![\w.])|"([^"\\\n]*)"|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|!=|=|<|>|\+|-|\*)|(\.))/y;

/** Compiles `source` when it has one of the simple shapes, else returns `undefined`. */
export function compileSimple(source: string): SimpleExpression | undefined {
  const tokens = tokenize(source);
  if (!tokens) return undefined;
  let pos = 0;
  const left = operand();
  if (!left) return undefined;
  if (pos === tokens.length) return left;
  const op = tokens[pos];
  if (op?.kind !== 'op') return undefined;
  pos++;
  const right = operand();
  if (!right || pos !== tokens.length) return undefined;
  const operation = hasOwn(ARITHMETIC, op.text) ? ARITHMETIC[op.text] : undefined;
  if (operation) return arithmetic(left, operation, right, names(tokens));
  return compare(left, op.text as Comparison, right);

  function operand(): Operand | undefined {
    const t = tokens![pos];
    if (!t) return undefined;
    pos++;
    if (t.kind === 'number') {
      const n = Number(t.text);
      return () => n;
    }
    if (t.kind === 'string') return () => t.text;
    if (t.kind !== 'name') return undefined;
    if (t.text === 'true' || t.text === 'false') {
      const b = t.text === 'true';
      return () => b;
    }
    if (t.text === 'null') return () => null;
    if (KEYWORDS.has(t.text)) return undefined;
    const path = [t.text];
    while (tokens![pos]?.kind === 'dot' && tokens![pos + 1]?.kind === 'name') {
      path.push(tokens![pos + 1]!.text);
      pos += 2;
    }
    if (tokens![pos]?.kind === 'dot') return undefined;
    return pathReader(path);
  }
}

function pathReader(path: readonly string[]): Operand {
  const [root, ...rest] = path as [string, ...string[]];
  const dotted = path.join('.');
  return (vars) => {
    // FEEL also resolves names containing dots; leave that rare case to feelin.
    if (rest.length > 0 && vars.get(dotted) !== undefined) return FALLBACK;
    let value = vars.get(root);
    if (value === undefined) return FALLBACK;
    for (const key of rest) {
      if (!isJsonObject(value) || !hasOwn(value, key)) return FALLBACK;
      value = value[key]!;
    }
    return value;
  };
}

function compare(left: Operand, op: Comparison, right: Operand): SimpleExpression {
  return (vars) => {
    const a = left(vars);
    const b = right(vars);
    if (a === FALLBACK || b === FALLBACK) return FALLBACK;
    if (typeof a === 'number' && typeof b === 'number') {
      switch (op) {
        case '=':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
      }
    }
    const sameScalar =
      (typeof a === 'string' && typeof b === 'string') || (typeof a === 'boolean' && typeof b === 'boolean');
    if (sameScalar && op === '=') return a === b;
    if (sameScalar && op === '!=') return a !== b;
    return FALLBACK;
  };
}

/**
 * Integers only: their sum, difference and product are exact in JavaScript up to 2^53, as in
 * FEEL's decimals; anything else (decimals, strings, dates, null) is left to feelin.
 */
function arithmetic(left: Operand, operation: (a: number, b: number) => number, right: Operand, spellings: readonly string[]): SimpleExpression {
  return (vars) => {
    // FEEL names may contain `+`, `-` and `*` (`order-id`): when a variable is named like the
    // whole expression, it is that variable, and feelin resolves it.
    if (spellings.some((name) => vars.get(name) !== undefined)) return FALLBACK;
    const a = left(vars);
    const b = right(vars);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return FALLBACK;
    const value = operation(a as number, b as number);
    return Number.isSafeInteger(value) ? value : FALLBACK;
  };
}

/** The names a three-token expression could also be read as: with and without its spaces. */
function names(tokens: readonly Token[]): string[] {
  const texts = tokens.map((t) => t.text);
  return [texts.join(''), texts.join(' ')];
}

interface Token {
  readonly kind: 'number' | 'string' | 'name' | 'op' | 'dot';
  readonly text: string;
}

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(source);
    if (!m) return undefined;
    if (m[1] !== undefined) tokens.push({ kind: 'number', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'string', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'name', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'op', text: m[4] });
    else tokens.push({ kind: 'dot', text: '.' });
  }
  return tokens.length > 0 ? tokens : undefined;
}
