import * as protobuf from 'protobufjs';
import { ConnectorError } from '../connector';

/** A unary method of a deployed `.proto`: its HTTP/2 path and message types. */
export interface UnaryMethod {
  /** `/package.Service/Method` */
  readonly path: string;
  readonly requestType: protobuf.Type;
  readonly responseType: protobuf.Type;
}

/** Reads a deployed `.proto` by resource name; undefined when none is deployed. */
export type ProtoSource = (resourceName: string) => Promise<string | undefined>;

/** Files parsed into one schema at most (the file and its imports). */
const MAX_FILES = 32;

/**
 * The services and messages of a deployed `.proto` file and its imports. Imports resolve to
 * the well-known `google/protobuf/*.proto` types or to other deployed resources of that name.
 *
 * Only protobufjs's parser is used: messages are encoded and decoded by reflection
 * (`proto-codec.ts`), never by code generated from the schema.
 */
export class ProtoSchema {
  private constructor(
    private readonly name: string,
    private readonly root: protobuf.Root,
  ) {}

  /** @throws ConnectorError (INVALID_CONFIGURATION) when a file is missing or does not parse */
  static async load(name: string, text: string, source: ProtoSource): Promise<ProtoSchema> {
    const root = new protobuf.Root();
    const pending: [string, string][] = [[name, text]];
    const seen = new Set<string>([name]);
    for (let file = pending.shift(); file; file = pending.shift()) {
      let parsed: protobuf.IParserResult;
      try {
        parsed = protobuf.parse(file[1], root, { keepCase: true });
      } catch (error) {
        throw invalid(`Expected '${file[0]}' to be a valid .proto file, but ${(error as Error).message}`);
      }
      for (const imported of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
        if (seen.has(imported)) continue;
        seen.add(imported);
        const wellKnown = protobuf.common.get(imported);
        if (wellKnown) {
          root.addJSON(wellKnown.nested ?? {});
          continue;
        }
        const content = (await source(imported)) ?? (await source(imported.split('/').pop()!));
        if (content === undefined) throw invalid(`Expected the import '${imported}' of '${file[0]}' to be deployed, but no resource has that name`);
        if (seen.size > MAX_FILES) throw invalid(`Expected at most ${MAX_FILES} files imported by '${name}', but there are more`);
        pending.push([imported, content]);
      }
    }
    return new ProtoSchema(name, root);
  }

  /** The unary method `service`/`method`. @throws ConnectorError (INVALID_CONFIGURATION) */
  method(service: string, method: string): UnaryMethod {
    const found = this.root.lookup(service.replace(/^\./, ''));
    if (!(found instanceof protobuf.Service)) throw invalid(`Expected a service '${service}' in '${this.name}', but found none (use the fully-qualified name, package included)`);
    const m = found.methods[method];
    if (!m) throw invalid(`Expected a method '${method}' on '${service}', but it has ${Object.keys(found.methods).join(', ') || 'none'}`);
    if (m.requestStream || m.responseStream) throw invalid(`Expected '${service}/${method}' to be a unary method, but it streams`);
    try {
      return { path: `/${found.fullName.slice(1)}/${m.name}`, requestType: found.lookupType(m.requestType), responseType: found.lookupType(m.responseType) };
    } catch (error) {
      throw invalid(`Expected the message types of '${service}/${method}' in '${this.name}', but ${(error as Error).message}`);
    }
  }
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('INVALID_CONFIGURATION', message);
}
