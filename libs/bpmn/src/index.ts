/**
 * `@osprey/bpmn` — parse, validate and compile BPMN 2.0 XML (Camunda 8 / Zeebe dialect) into
 * immutable {@link ProcessGraph}s. Pure: no I/O, no framework.
 *
 * ```ts
 * import { compileOrThrow, BpmnValidationError } from '@osprey/bpmn';
 *
 * try {
 *   const [graph] = await compileOrThrow(xml);
 *   const start = graph.elements.get(graph.startEvents.none!);
 *   console.log(graph.processId, start?.outgoing);
 * } catch (error) {
 *   if (error instanceof BpmnValidationError) console.error(error.problems); // every problem, with element ids
 *   else throw error;
 * }
 * ```
 */
export * from './graph';
export * from './iso-duration';
export {
  checkXmlSafety,
  DEFAULT_MAX_XML_BYTES,
  DEFAULT_MAX_XML_DEPTH,
  type XmlSafetyOptions,
} from './xml-safety';
export { BpmnSecurityError, BpmnValidationError, type BpmnSecurityErrorCode } from './errors';
export { describeProblems, type Problem } from './problems';
export {
  compileDeployment,
  compileOrThrow,
  compileWithWarnings,
  type CompileOptions,
  type CompiledDefinitions,
} from './compile/compile-deployment';
export { UNSUPPORTED_FEATURES, featuresOf, type ModelFeature } from './validate/unsupported-features';
export { DEFAULT_FEEL_LIMITS, feelLimits, setFeelLimits, type FeelLimits } from './feel-limits';
export { feelLimitError, feelSyntaxError } from './validate/feel-syntax';
export { CAMUNDA_FEEL_FUNCTIONS, FEEL_DIALECT, FEEL_PARSE_CONTEXT } from './feel-dialect';
export { GraphCache, type GraphCacheOptions } from './graph-cache';
