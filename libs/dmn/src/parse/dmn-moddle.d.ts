/**
 * The slice of `dmn-moddle` this package uses. The package ships no typings for its entry point.
 */
declare module 'dmn-moddle' {
  export interface ModdleWarning {
    readonly message: string;
    readonly element?: { readonly id?: string; readonly $type?: string };
    readonly property?: string;
    readonly error?: Error;
  }

  export interface ParseResult {
    readonly rootElement: unknown;
    readonly warnings: readonly ModdleWarning[];
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, root?: string, options?: Record<string, unknown>): Promise<ParseResult>;
  }
}
