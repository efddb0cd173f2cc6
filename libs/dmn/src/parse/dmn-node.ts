/** Typed access to the untyped element tree dmn-moddle returns. */

/** An element of the parsed document: its `$type` and properties. */
export interface DmnNode {
  readonly $type: string;
  readonly id?: string;
  readonly [property: string]: unknown;
}

export function isNode(value: unknown): value is DmnNode {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** A string property, or `undefined`. */
export function text(node: DmnNode | undefined, property: string): string | undefined {
  const value = node?.[property];
  return typeof value === 'string' ? value : undefined;
}

/** A child element, or `undefined`. */
export function child(node: DmnNode | undefined, property: string): DmnNode | undefined {
  const value = node?.[property];
  return isNode(value) ? value : undefined;
}

/** A list of child elements (empty when absent). */
export function children(node: DmnNode | undefined, property: string): readonly DmnNode[] {
  const value = node?.[property];
  return Array.isArray(value) ? value.filter(isNode) : [];
}
