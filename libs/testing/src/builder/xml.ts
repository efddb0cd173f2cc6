/** Writing BPMN XML: escaping, and elements as nested strings. */

/** `s` safe inside a double-quoted attribute (line breaks kept as character references). */
export function attr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** `s` safe as element text. */
export function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attributes in order; `undefined` ones are left out. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** `<tag a="…">children</tag>`, or `<tag a="…"/>` without children. */
export function element(tag: string, attributes: Attributes = {}, children: readonly string[] = []): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${attr(String(v))}"`)
    .join('');
  return children.length === 0 ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${children.join('')}</${tag}>`;
}

/** A formal expression element (`bpmn:conditionExpression`, `bpmn:timeDuration`, …). */
export function formalExpression(tag: string, body: string): string {
  return `<${tag} xsi:type="bpmn:tFormalExpression">${text(body)}</${tag}>`;
}

/** `bpmn:extensionElements` holding `parts`, or nothing when there are none. */
export function extensionElements(parts: readonly string[]): string[] {
  return parts.length === 0 ? [] : [element('bpmn:extensionElements', {}, parts)];
}

/** The `bpmn:definitions` root with the namespaces the builder uses. */
export function definitions(id: string, children: readonly string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    element(
      'bpmn:definitions',
      {
        'xmlns:bpmn': 'http://www.omg.org/spec/BPMN/20100524/MODEL',
        'xmlns:zeebe': 'http://camunda.org/schema/zeebe/1.0',
        'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        id: `Definitions_${id}`,
        targetNamespace: 'http://bpmn.io/schema/bpmn',
      },
      children,
    )
  );
}
