/**
 * `@osprey/dmn` — parse, validate, compile and evaluate DMN 1.3/1.4/1.5 decisions (decision
 * tables and literal expressions, with their requirements graph) with Camunda 8's semantics.
 * Pure: no I/O, no clock; FEEL beyond the compiled fast paths comes from the host.
 *
 * ```ts
 * import { compileDmn, evaluateDecision, DmnValidationError } from '@osprey/dmn';
 *
 * const drg = await compileDmn(xml); // once per deployed version; throws DmnValidationError listing every problem
 * const result = evaluateDecision(drg, 'risk', { age: 25, income: 1000 }, feel);
 * if (result.ok) console.log(result.output, result.evaluatedDecisions[0].matchedRules);
 * else console.error(result.failedDecisionId, result.failureMessage);
 * ```
 */
export * from './decision-model';
export type { CompiledExpression, CompiledUnaryTests } from './compile/compiled-feel';
export { compileDmn } from './compile/compile-dmn';
export { parseDmn, type ParsedDmn } from './parse/parse-dmn';
export { DmnSecurityError, DmnValidationError, describeDmnProblems, type DmnSecurityErrorCode } from './errors';
export type { DecisionFeel, DecisionVariables, FeelResult } from './evaluate/decision-feel';
export { evaluateDecision } from './evaluate/evaluate-decision';
export type * from './evaluate/evaluation-result';
