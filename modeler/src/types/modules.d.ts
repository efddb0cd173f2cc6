// Packages of the bpmn.io family that ship JavaScript without type declarations.
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const ZeebePropertiesProviderModule: ModuleDeclaration;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  import type { ModuleDeclaration } from 'didi';
  const module: ModuleDeclaration;
  export default module;
}
declare module '@camunda/linting/modeler' {
  import type { ModuleDeclaration } from 'didi';
  const module: ModuleDeclaration;
  export default module;
}
declare module '@camunda/linting' {
  export interface LintReport {
    id: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    rule: string;
    path?: (string | number)[];
    propertiesPanel?: { entryIds: string[] };
    /** What the rule found: the element and, for events, its event definition. */
    data?: { type?: string; node?: { $type: string }; eventDefinition?: { $type: string } };
  }
  export class Linter {
    constructor(options?: { modeler?: 'desktop' | 'web'; type?: 'cloud' | 'platform'; plugins?: unknown[] });
    lint(contents: string | object): Promise<LintReport[]>;
  }
}
declare module 'bpmn-js-differ' {
  export interface Changes {
    _added: Record<string, { $type: string; id: string; name?: string }>;
    _removed: Record<string, { $type: string; id: string; name?: string }>;
    _changed: Record<string, { model: { $type: string; id: string; name?: string }; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
    _layoutChanged: Record<string, { $type: string; id: string; name?: string }>;
  }
  export function diff(a: object, b: object): Changes;
}
declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const schema: object;
  export default schema;
}
declare module 'modeler-moddle/resources/modeler.json' {
  const schema: object;
  export default schema;
}
