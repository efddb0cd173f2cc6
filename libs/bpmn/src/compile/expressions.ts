import type { Expression } from '../graph';

/**
 * A model value as an {@link Expression}: FEEL when it starts with `=` (the `=` is dropped),
 * otherwise a static value. Surrounding whitespace is not significant in either.
 */
export function toExpression(value: string): Expression {
  const trimmed = value.trim();
  return trimmed.startsWith('=')
    ? Object.freeze({ kind: 'feel', source: trimmed.slice(1).trim() })
    : Object.freeze({ kind: 'static', value: trimmed });
}

/** Like {@link toExpression}, but `undefined` for an absent or blank value. */
export function optionalExpression(value: string | undefined): Expression | undefined {
  return value === undefined || value.trim() === '' ? undefined : toExpression(value);
}

/**
 * A condition (`conditionExpression`, `completionCondition`): always FEEL, whether or not the
 * model wrote the leading `=`. `undefined` for a blank body.
 */
export function toCondition(value: string | undefined): Expression | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const source = trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
  return source === '' ? undefined : Object.freeze({ kind: 'feel', source });
}

/** True for an expression with nothing in it (a static blank, or FEEL `=` alone). */
export function isBlank(expression: Expression | undefined): boolean {
  if (!expression) return true;
  return expression.kind === 'static' ? expression.value === '' : expression.source === '';
}

/** The expression as the modeller wrote it, for messages. */
export function showExpression(expression: Expression): string {
  return expression.kind === 'static' ? expression.value : `=${expression.source}`;
}
