/**
 * The slice of `bpmn-moddle` this package uses. The package ships element typings under
 * `bpmn-moddle/types` but none for its entry point.
 */
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    readonly message: string;
    readonly element?: { readonly id?: string; readonly $type?: string };
    readonly property?: string;
    readonly value?: unknown;
    readonly error?: Error;
  }

  export interface ParseResult {
    readonly rootElement: unknown;
    readonly warnings: readonly ModdleWarning[];
    readonly elementsById: Readonly<Record<string, unknown>>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, options?: Record<string, unknown>): Promise<ParseResult>;
  }
}
