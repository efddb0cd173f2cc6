const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const ZEEBE = 'http://camunda.org/schema/zeebe/1.0';

/**
 * The form id a process's plain start event links with `zeebe:formDefinition formId="…"`, or
 * undefined when the start event has no linked form (then the app offers a variables editor).
 * Only the none start event of the executable process counts: message and timer starts are
 * not started by people.
 */
export function startFormId(xml: string): string | undefined {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return undefined;
  for (const process of Array.from(doc.getElementsByTagNameNS(BPMN, 'process'))) {
    for (const start of Array.from(process.children).filter((c) => c.namespaceURI === BPMN && c.localName === 'startEvent')) {
      const triggered = Array.from(start.children).some((c) => c.localName.endsWith('EventDefinition'));
      if (triggered) continue;
      const form = start.getElementsByTagNameNS(ZEEBE, 'formDefinition')[0];
      return form?.getAttribute('formId') ?? undefined;
    }
  }
  return undefined;
}

/**
 * Variables typed as JSON: an object, or a message saying what is wrong (shown under the
 * editor; the Start button stays off until it is right).
 */
export function parseVariables(text: string): { variables: Record<string, unknown> } | { problem: string } {
  if (!text.trim()) return { variables: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `Expected JSON, but ${(e as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: `Expected a JSON object such as {"amount": 120}, but found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  return { variables: value as Record<string, unknown> };
}
