/**
 * FEEL syntax checks at deployment, with the same limits as the BPMN compiler (length, depth of
 * the syntax tree). feelin's parser recovers from errors instead of throwing, so the tree is
 * searched for error nodes.
 */
import { parseUnaryTests } from 'feelin';
import { FEEL_DIALECT, FEEL_PARSE_CONTEXT, feelLimits, feelSyntaxError } from '@osprey/bpmn';

/** Why a FEEL expression does not parse or exceeds the limits, or `undefined`. */
export function expressionSyntaxError(source: string): string | undefined {
  return feelSyntaxError(source);
}

/** Why FEEL unary tests do not parse or exceed the limits, or `undefined`. `-` is fine. */
export function unaryTestsSyntaxError(source: string): string | undefined {
  const { maxLength, maxDepth } = feelLimits();
  if (source.length > maxLength) return `it is ${source.length} characters long, over the limit of ${maxLength}`;
  let depth = 0;
  let deepest = 0;
  let errorAt: number | undefined;
  // Camunda's dialect, as for expressions: backquoted names (`` `order total` ``) parse.
  parseUnaryTests(source, FEEL_PARSE_CONTEXT, FEEL_DIALECT).iterate({
    enter(node) {
      deepest = Math.max(deepest, ++depth);
      if (node.type.isError && errorAt === undefined) errorAt = node.from;
      return deepest <= maxDepth && errorAt === undefined ? undefined : false;
    },
    leave() {
      depth--;
    },
  });
  if (deepest > maxDepth) return `it nests deeper than the limit of ${maxDepth} levels`;
  if (errorAt === undefined) return undefined;
  if (errorAt >= source.trimEnd().length) return 'it ends too early';
  return `it has a syntax error at character ${errorAt + 1} ('${source.slice(errorAt, errorAt + 12)}')`;
}
