/**
 * A parsed BPMN element as `bpmn-moddle` returns it, read through small typed accessors so the
 * compiler never trusts the shape of untyped objects.
 */
export interface ModdleNode {
  readonly $type: string;
  readonly id?: string;
  $instanceOf(type: string): boolean;
}

export function isModdleNode(value: unknown): value is ModdleNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string'
  );
}

/** A string property, or `undefined` when absent or not a string. */
export function str(node: ModdleNode, property: string): string | undefined {
  const value = (node as unknown as Record<string, unknown>)[property];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean property (moddle applies schema defaults through the prototype). */
export function bool(node: ModdleNode, property: string): boolean | undefined {
  const value = (node as unknown as Record<string, unknown>)[property];
  return typeof value === 'boolean' ? value : undefined;
}

/** A single referenced or contained element, or `undefined`. */
export function ref(node: ModdleNode, property: string): ModdleNode | undefined {
  const value = (node as unknown as Record<string, unknown>)[property];
  return isModdleNode(value) ? value : undefined;
}

/** A many-valued property as an array of elements (empty when absent). */
export function list(node: ModdleNode, property: string): readonly ModdleNode[] {
  const value = (node as unknown as Record<string, unknown>)[property];
  return Array.isArray(value) ? value.filter(isModdleNode) : [];
}

/** The element's `extensionElements` values of one type (`zeebe:TaskDefinition`, …). */
export function extensions(node: ModdleNode, type: string): readonly ModdleNode[] {
  const container = ref(node, 'extensionElements');
  return container ? list(container, 'values').filter((v) => v.$type === type) : [];
}

/** The first extension element of one type, if any. */
export function extension(node: ModdleNode, type: string): ModdleNode | undefined {
  return extensions(node, type)[0];
}

/** The text body of a `tFormalExpression` child (`conditionExpression`, `timeDuration`, …). */
export function body(node: ModdleNode, property: string): string | undefined {
  const child = ref(node, property);
  return child ? str(child, 'body') : undefined;
}

/** `bpmn:ServiceTask` → `service task`, for messages a modeller reads. */
export function describeType(type: string): string {
  const local = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
  return local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
