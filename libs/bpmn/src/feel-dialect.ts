/**
 * Camunda 8's FEEL dialect: what the deployment check and the evaluator share. feelin's
 * `camunda` dialect reads backtick-quoted names (`` `order-id` ``) and string literals that
 * span lines; the functions below are Camunda's extensions to the DMN built-ins that feelin
 * does not have. Their names are given to the parser, which reads a name with spaces (or a
 * keyword such as `or`, as in `get or else`) only when it knows it.
 */

/** The dialect name both feelin's parser and its interpreter take. */
export const FEEL_DIALECT = 'camunda';

/** Camunda 8.8's FEEL extension functions that the engine adds to feelin's built-ins. */
export const CAMUNDA_FEEL_FUNCTIONS: readonly string[] = Object.freeze([
  'random number',
  'uuid',
  'is defined',
  'get or else',
  'assert',
  'string join',
  'partition',
  'duplicate values',
  'is empty',
  'is blank',
  'trim',
  'to base64',
  'from base64',
  'get value',
  'last day of month',
  'fromAi',
]);

/** The names above as a parse context (the values are never read). */
export const FEEL_PARSE_CONTEXT: Readonly<Record<string, null>> = Object.freeze(
  Object.fromEntries(CAMUNDA_FEEL_FUNCTIONS.map((name) => [name, null])),
);
