/**
 * Parsing of DMN XML with `dmn-moddle`, after the same hostile-XML guard as BPMN. dmn-moddle
 * knows the DMN 1.3 namespaces; the 1.4 and 1.5 namespaces Camunda Modeler also writes describe
 * the same elements for what the engine runs, so they are read as 1.3.
 */
import { DmnModdle, type ModdleWarning } from 'dmn-moddle';
import { BpmnSecurityError, checkXmlSafety, type Problem } from '@osprey/bpmn';
import { DmnSecurityError, DmnValidationError } from '../errors';
import { isNode, type DmnNode } from './dmn-node';

/** DMN 1.4 (20211108) and 1.5 (20230324) namespaces → DMN 1.3 (20191111). */
const NEWER_NAMESPACE = /https:\/\/www\.omg\.org\/spec\/DMN\/(?:20211108|20230324)\/(MODEL|DMNDI)\//g;

/** The parsed document plus the problems the parser noticed (duplicate ids, unknown content). */
export interface ParsedDmn {
  readonly definitions: DmnNode;
  readonly problems: readonly Problem[];
}

let moddle: DmnModdle | undefined;

/**
 * Parses a DMN document.
 *
 * @throws {DmnSecurityError} for a DOCTYPE, an entity declaration, or a document too large or
 *   too deeply nested (checked before parsing).
 * @throws {DmnValidationError} when the XML does not parse or its root is not `definitions`.
 */
export async function parseDmn(xml: string): Promise<ParsedDmn> {
  try {
    checkXmlSafety(xml);
  } catch (error) {
    if (error instanceof BpmnSecurityError) throw new DmnSecurityError(error.code, error.message.replace('BPMN', 'DMN'));
    throw error;
  }
  moddle ??= new DmnModdle();
  let result;
  try {
    result = await moddle.fromXML(xml.replace(NEWER_NAMESPACE, 'https://www.omg.org/spec/DMN/20191111/$1/'), 'dmn:Definitions');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DmnValidationError([{ elementId: null, message: `Expected well-formed DMN 1.3, 1.4 or 1.5 XML, but ${firstLine(message)}` }], { cause: error });
  }
  if (!isNode(result.rootElement) || result.rootElement.$type !== 'dmn:Definitions') {
    throw new DmnValidationError([{ elementId: null, message: 'Expected a DMN definitions root element, but the document has none' }]);
  }
  return { definitions: result.rootElement, problems: result.warnings.flatMap(describeWarning) };
}

function firstLine(message: string): string {
  const cause = /nested error: (.*)$/s.exec(message)?.[1] ?? message;
  return cause.split('\n')[0].trim();
}

/** Duplicate ids and unparsable content are problems; unknown extension attributes are not. */
function describeWarning(warning: ModdleWarning): Problem[] {
  const duplicate = /duplicate ID <(.*?)>/.exec(warning.message);
  if (duplicate) return [{ elementId: duplicate[1], message: `Expected every id to be unique, but '${duplicate[1]}' is used more than once` }];
  if (/^unparsable content/.test(warning.message)) {
    return [{ elementId: warning.element?.id ?? null, message: `Expected valid DMN content, but ${firstLine(warning.message)}` }];
  }
  return [];
}
