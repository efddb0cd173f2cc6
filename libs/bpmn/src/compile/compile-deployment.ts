import { BpmnValidationError } from '../errors';
import type { ProcessGraph } from '../graph';
import { bool, list, ref, str, type ModdleNode } from '../moddle/moddle-node';
import { parseDefinitions } from '../moddle/parse-definitions';
import { ProblemList, type Problem } from '../problems';
import { UNSUPPORTED_FEATURES, type ModelFeature } from '../validate/unsupported-features';
import { validateGraph } from '../validate/validate-graph';
import { checkXmlSafety, type XmlSafetyOptions } from '../xml-safety';
import { compileProcess } from './process-compiler';

/** Options of {@link compileDeployment}. */
export interface CompileOptions extends XmlSafetyOptions {
  /**
   * Features refused with a problem because the engine does not run them yet.
   * @default UNSUPPORTED_FEATURES
   */
  readonly unsupportedFeatures?: ReadonlySet<ModelFeature>;
}

/** The outcome of compiling one BPMN document. */
export interface CompiledDefinitions {
  /** One graph per executable process (every process when none is marked executable). */
  readonly processes: readonly ProcessGraph[];
  /** Every problem found, in document order. Only a result without problems may be deployed. */
  readonly problems: readonly Problem[];
  /**
   * What is odd but harmless (a diagram shape naming an element that does not exist): the model
   * deploys, and the deployment answer lists these so the modeller can tidy up.
   */
  readonly warnings: readonly Problem[];
}

/**
 * Parses, compiles and validates a BPMN document (Camunda 8 / Zeebe dialect). Graphs are built
 * even when there are problems, so tools can show both; the engine deploys only a result whose
 * `problems` is empty (see {@link compileOrThrow}).
 *
 * @throws {BpmnSecurityError} when the XML is refused by {@link checkXmlSafety} (before parsing).
 * @throws {BpmnValidationError} when the XML does not parse; its one problem quotes the parser,
 *   with line and column.
 */
export async function compileDeployment(
  xml: string,
  options: CompileOptions = {},
): Promise<CompiledDefinitions> {
  checkXmlSafety(xml, options);
  const parsed = await parseDefinitions(xml);
  const problems = new ProblemList();
  for (const p of parsed.problems) problems.push(p);

  const processNodes = list(parsed.definitions, 'rootElements').filter((e) => e.$type === 'bpmn:Process');
  if (processNodes.length === 0) {
    problems.add(null, 'at least one bpmn:process', 'the definitions contain none');
  }
  const executable = processNodes.filter((p) => bool(p, 'isExecutable') === true);
  const selected = executable.length > 0 ? executable : processNodes;
  const participants = participantNames(parsed.definitions);

  const unsupported = options.unsupportedFeatures ?? UNSUPPORTED_FEATURES;
  const processes: ProcessGraph[] = [];
  for (const node of selected) {
    if (!node.id) {
      problems.add(null, 'every bpmn:process to have an id', 'one has none');
      continue;
    }
    const { graph, facts } = compileProcess(node, problems, parsed.unresolved, participants.get(node.id));
    validateGraph(graph, facts, unsupported, problems);
    processes.push(graph);
  }
  reportUnresolvedReferences(parsed.unresolved, problems);
  return Object.freeze({
    processes: Object.freeze(processes),
    problems: problems.toArray(),
    warnings: Object.freeze([...parsed.warnings]),
  });
}

/**
 * {@link compileDeployment} for deployment: the graphs, or an error listing every problem.
 *
 * @throws {BpmnValidationError} with `.problems` when the document has any problem.
 * @throws {BpmnSecurityError} when the XML is refused before parsing.
 */
export async function compileOrThrow(
  xml: string,
  options: CompileOptions = {},
): Promise<readonly ProcessGraph[]> {
  const { processes, problems } = await compileDeployment(xml, options);
  if (problems.length > 0) throw new BpmnValidationError(problems);
  return processes;
}

/**
 * {@link compileOrThrow} that also hands back the warnings of a deployable document.
 *
 * @throws {BpmnValidationError} with `.problems` when the document has any problem.
 * @throws {BpmnSecurityError} when the XML is refused before parsing.
 */
export async function compileWithWarnings(
  xml: string,
  options: CompileOptions = {},
): Promise<{ readonly processes: readonly ProcessGraph[]; readonly warnings: readonly Problem[] }> {
  const { processes, problems, warnings } = await compileDeployment(xml, options);
  if (problems.length > 0) throw new BpmnValidationError(problems);
  return { processes, warnings };
}

/** Pool names by process id, used when a process itself has no name. */
function participantNames(definitions: ModdleNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const collaboration of list(definitions, 'rootElements')) {
    if (collaboration.$type !== 'bpmn:Collaboration') continue;
    for (const participant of list(collaboration, 'participants')) {
      const processId = ref(participant, 'processRef')?.id;
      const name = str(participant, 'name');
      if (processId && name) names.set(processId, name);
    }
  }
  return names;
}

/** Dangling references other than sequence-flow ends (those are explained with the flow). */
function reportUnresolvedReferences(
  unresolved: ReadonlyMap<string, ReadonlyMap<string, string>>,
  problems: ProblemList,
): void {
  for (const [elementId, byProperty] of unresolved) {
    for (const [property, missing] of byProperty) {
      if (property === 'bpmn:sourceRef' || property === 'bpmn:targetRef') {
        if (problems.has(elementId)) continue;
      }
      problems.add(
        elementId,
        `${property} of '${elementId}' to name an element of the document`,
        `'${missing}' does not exist`,
      );
    }
  }
}
