import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import { BpmnValidationError } from '../errors';
import { problem, type Problem } from '../problems';
import { describeType, isModdleNode, type ModdleNode } from './moddle-node';

// The Zeebe extension schema is plain JSON; this package compiles without `resolveJsonModule`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const zeebeSchema: unknown = require('zeebe-bpmn-moddle/resources/zeebe.json');

/** The parsed document plus what the parser noticed on the way. */
export interface ParsedDefinitions {
  readonly definitions: ModdleNode;
  /** Parser warnings (unknown elements and attributes, duplicate ids) as problems. */
  readonly problems: readonly Problem[];
  /**
   * References the parser could not resolve, by element id then property
   * (`bpmn:targetRef` → `'missing-task'`), for the compiler to explain in context.
   */
  readonly unresolved: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /**
   * Diagram interchange (`bpmndi:`) shapes and edges that name an element the document does not
   * have. They draw nothing that runs, and Zeebe ignores them: a warning, not a problem.
   */
  readonly warnings: readonly Problem[];
}

let moddle: BpmnModdle | undefined;

/**
 * Parses BPMN 2.0 XML with the Zeebe extensions. Call {@link checkXmlSafety} first.
 *
 * @throws {BpmnValidationError} when the XML is not well-formed or its root is not
 *   `bpmn:definitions`; the one problem carries the parser's message with line and column.
 */
export async function parseDefinitions(xml: string): Promise<ParsedDefinitions> {
  moddle ??= new BpmnModdle({ zeebe: zeebeSchema });
  let result;
  try {
    result = await moddle.fromXML(xml);
  } catch (error) {
    throw new BpmnValidationError([describeParseFailure(error)], { cause: error });
  }
  if (!isModdleNode(result.rootElement)) {
    throw new BpmnValidationError([
      problem(null, 'a bpmn:definitions root element', 'the document has none'),
    ]);
  }

  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const unresolved = new Map<string, Map<string, string>>();
  for (const warning of result.warnings) {
    const reference = unresolvedReference(warning);
    if (reference && warning.element?.$type?.startsWith('bpmndi:')) {
      warnings.push(danglingDiagramReference(warning.element.$type, reference));
      continue;
    }
    if (reference) {
      const byProperty = unresolved.get(reference.elementId) ?? new Map<string, string>();
      byProperty.set(reference.property, reference.value);
      unresolved.set(reference.elementId, byProperty);
      continue;
    }
    problems.push(describeWarning(warning));
  }
  return { definitions: result.rootElement, problems, unresolved, warnings };
}

function danglingDiagramReference(
  type: string,
  reference: { elementId: string; property: string; value: string },
): Problem {
  return problem(
    reference.elementId,
    `${describeType(type)} '${reference.elementId}' to draw an element of the document`,
    `its ${reference.property} '${reference.value}' does not exist; the shape is ignored`,
  );
}

function unresolvedReference(
  warning: ModdleWarning,
): { elementId: string; property: string; value: string } | null {
  const match = /^unresolved reference <(.*)>$/.exec(warning.message);
  const elementId = warning.element?.id;
  if (!match || !elementId || !warning.property) return null;
  return { elementId, property: warning.property, value: match[1] };
}

interface Located {
  readonly what: string;
  readonly line?: number;
  readonly column?: number;
  readonly cause: string;
}

/** Splits moddle's "unparsable content <x> detected\n\tline: 3\n\tcolumn: 2\n\tnested error: …". */
function locate(message: string): Located {
  const what = /^unparsable content (.*?) detected/.exec(message)?.[1] ?? '';
  const line = /\bline: (\d+)/.exec(message)?.[1];
  const column = /\bcolumn: (\d+)/.exec(message)?.[1];
  const cause = /nested error: (.*)$/s.exec(message)?.[1]?.trim() ?? message.trim();
  // The parser counts lines and columns from 0; editors count from 1.
  return {
    what,
    line: line === undefined ? undefined : Number(line) + 1,
    column: column === undefined ? undefined : Number(column) + 1,
    cause,
  };
}

function at(located: Located): string {
  return located.line === undefined ? '' : ` at line ${located.line}, column ${located.column ?? 1}`;
}

function describeParseFailure(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  if (/^failed to parse document as <bpmn:Definitions>/.test(message)) {
    return problem(null, 'a bpmn:definitions root element', `the parser reports: ${message}`);
  }
  const located = locate(message);
  const near = located.what ? ` near ${located.what}` : '';
  return problem(
    null,
    'well-formed BPMN XML',
    `the XML does not parse${at(located)}${near}: ${located.cause}`,
  );
}

function describeWarning(warning: ModdleWarning): Problem {
  const attribute = /^unknown attribute <(.*)>$/.exec(warning.message);
  if (attribute) {
    const element = warning.element;
    const label = element?.$type ? `${describeType(element.$type)} '${element.id ?? '?'}'` : 'an element';
    return problem(
      element?.id ?? null,
      'only BPMN attributes and attributes of a declared namespace',
      `${label} has the unknown attribute '${attribute[1]}'`,
    );
  }
  if (warning.message.startsWith('unparsable content')) {
    const located = locate(warning.message);
    const duplicate = /^duplicate ID <(.*)>$/.exec(located.cause);
    if (duplicate) {
      return problem(
        duplicate[1],
        'every id to be unique',
        `'${duplicate[1]}' is used more than once${at(located)}`,
      );
    }
    const unknown = /^unknown type <(.*)>$/.exec(located.cause);
    if (unknown) {
      return problem(
        null,
        'only known BPMN and Zeebe elements',
        `${located.what}${at(located)} is of the unknown type ${unknown[1]}`,
      );
    }
    return problem(
      null,
      'content the BPMN schema allows',
      `${located.what}${at(located)} is not: ${located.cause}`,
    );
  }
  return problem(
    warning.element?.id ?? null,
    'a model the BPMN parser reads without warnings',
    warning.message,
  );
}
