/**
 * The file's `itemDefinition`s compiled into {@link ItemType}s: each resolved through its
 * `typeRef` chain (a definition based on another inherits its base type, its allowed values and
 * its components), with `allowedValues` compiled once like any unary-tests cell. A chain that
 * loops, or allowed values that do not parse, are deployment problems.
 */
import type { ItemType } from '../decision-model';
import { child, children, text, type DmnNode } from '../parse/dmn-node';
import type { DmnProblems } from './compile-dmn';
import { compileUnaryTests } from './compiled-feel';
import { unaryTestsSyntaxError } from './feel-syntax';

/** Item types by the name a `typeRef` uses. */
export type ItemTypes = ReadonlyMap<string, ItemType>;

/** Compiles every top-level `itemDefinition` of `definitions`, recording problems. */
export function compileItemDefinitions(definitions: DmnNode, problems: DmnProblems): ItemTypes {
  const nodes = new Map<string, DmnNode>();
  for (const node of children(definitions, 'itemDefinition')) {
    const name = text(node, 'name');
    if (name && !nodes.has(name)) nodes.set(name, node);
  }
  const types = new Map<string, ItemType>();
  const resolving: string[] = [];

  const byName = (name: string): ItemType | undefined => {
    const done = types.get(name);
    if (done) return done;
    const node = nodes.get(name);
    if (!node) return undefined;
    if (resolving.includes(name)) {
      const loop = [...resolving.slice(resolving.indexOf(name)), name].join(' → ');
      problems.add(text(node, 'id') ?? name, `item definition '${name}' to be based on a type, not on itself`, `its typeRef chain loops (${loop})`);
      return undefined;
    }
    resolving.push(name);
    const type = compileNode(node, name);
    resolving.pop();
    types.set(name, type);
    return type;
  };

  const compileNode = (node: DmnNode, name: string): ItemType => {
    const allowedValues = allowedValuesOf(node, name, problems);
    const isCollection = node.isCollection === true;
    const components = children(node, 'itemComponent');
    if (components.length > 0) {
      const byComponent = new Map(components.map((c) => [text(c, 'name') ?? '', compileNode(c, `${name}.${text(c, 'name') ?? '?'}`)] as const));
      return { name, baseType: null, allowedValues, isCollection, components: byComponent };
    }
    const typeRef = typeRefOf(node);
    const base = typeRef === undefined ? undefined : byName(typeRef);
    if (base) {
      return { name, baseType: base.baseType, allowedValues: [...allowedValues, ...base.allowedValues], isCollection: isCollection || base.isCollection, components: base.components };
    }
    return { name, baseType: typeRef?.replace(/^feel:/, '') ?? null, allowedValues, isCollection, components: null };
  };

  for (const name of nodes.keys()) byName(name);
  return types;
}

/** The item type a `typeRef` names (with or without a namespace prefix), or `null` for a FEEL type. */
export function itemTypeOf(typeRef: string | null | undefined, types: ItemTypes): ItemType | null {
  if (!typeRef) return null;
  return types.get(typeRef) ?? types.get(typeRef.replace(/^[\w.-]+:/, '')) ?? null;
}

/** DMN 1.3 writes `<typeRef>number</typeRef>` as an element; older files an attribute. */
function typeRefOf(node: DmnNode): string | undefined {
  const value = text(node, 'typeRef')?.trim();
  return value ? value : undefined;
}

function allowedValuesOf(node: DmnNode, name: string, problems: DmnProblems) {
  const source = text(child(node, 'allowedValues'), 'text')?.trim();
  if (!source || source === '-') return [];
  const error = unaryTestsSyntaxError(source);
  if (error) problems.add(text(node, 'id') ?? name, `valid FEEL unary tests in the allowed values of item definition '${name}'`, error);
  return [compileUnaryTests(source)];
}
