import * as grpc from '@grpc/grpc-js';
import type { JsonValue } from '@osprey/runtime';
import type { ActivatedJob, DefinitionRepository } from '@osprey/store';
import { ConnectorError, type Connector, type ConnectorOutcome } from '../connector';
import { describe, JobSettings } from '../job-settings';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from '../http/http.connector';
import { MAX_RESPONSE_BYTES } from '../http/http-exchange';
import type { OutboundGuard } from '../outbound/outbound-guard';
import { resultVariables, statusListed } from '../result-mapping';
import { decodeMessage, encodeMessage } from './proto-codec';
import { ProtoSchema } from './proto-schema';

/** The job type of the built-in gRPC connector. */
export const GRPC_JOB_TYPE = 'osprey:grpc';

/** Parsed schemas by resource key (a deployed version never changes); bounded, as models are. */
const MAX_CACHED_SCHEMAS = 256;

/**
 * `osprey:grpc` — one unary gRPC call described by a deployed `.proto`.
 *
 * Settings (task header, FEEL when it starts with `=`, else a variable of the same name):
 * `proto` (the resource name, e.g. `payments.proto`), `service` (fully qualified, e.g.
 * `payments.v1.Payments`), `method`, `address` (`host:port`, allow-listed), `request` (a context
 * → the request message), `metadata` (a context of text values), `tls` (@default false),
 * `timeoutMs` (@default 10000, at most 60000), `resultVariable` (receives the response message),
 * `resultExpression` (header only: FEEL over `{response}` giving a context of variables),
 * `errorOnStatus` (status names or numbers, e.g. `NOT_FOUND,5`: those throw the BPMN error
 * `GRPC_<NAME>`; any other non-OK status is a failure that is retried).
 */
export class GrpcConnector implements Connector {
  readonly type = GRPC_JOB_TYPE;
  private readonly schemas = new Map<string, Promise<ProtoSchema>>();

  constructor(
    private readonly guard: OutboundGuard,
    private readonly definitions: Pick<DefinitionRepository, 'resource'>,
  ) {}

  async execute(job: ActivatedJob, signal: AbortSignal): Promise<ConnectorOutcome> {
    const settings = new JobSettings(job);
    const protoName = settings.string('proto', { required: true });
    const service = settings.string('service', { required: true });
    const methodName = settings.string('method', { required: true });
    const { host, port } = parseAddress(settings.string('address', { required: true }));
    const request = settings.value('request') ?? {};
    const metadata = metadataOf(settings.object('metadata') ?? {});
    const tls = settings.bool('tls', false);
    const timeoutMs = settings.int('timeoutMs', DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);

    const method = (await this.schema(protoName, job.tenantId)).method(service, methodName);
    const payload = Buffer.from(encodeMessage(method.requestType, request));
    const target = await this.guard.check(host, port);
    const shown = `${service}/${methodName} at ${host}:${port}`;

    // The channel dials the checked address; the authority (and TLS name) stay the host's.
    const client = new grpc.Client(
      target.family === 6 ? `ipv6:[${target.address}]:${port}` : `ipv4:${target.address}:${port}`,
      tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure(),
      {
        'grpc.default_authority': `${host.includes(':') ? `[${host}]` : host}:${port}`,
        ...(tls ? { 'grpc.ssl_target_name_override': host } : {}),
        'grpc.max_receive_message_length': MAX_RESPONSE_BYTES,
        'grpc.enable_retries': 0,
      },
    );
    let answer: Buffer;
    let cancel = () => {};
    try {
      answer = await new Promise<Buffer>((resolve, reject) => {
        const call = client.makeUnaryRequest(
          method.path,
          (b: Buffer) => b,
          (b: Buffer) => b,
          payload,
          metadata,
          { deadline: Date.now() + timeoutMs },
          (error, value) => (error ? reject(error) : resolve(value!)),
        );
        cancel = () => call.cancel();
        signal.addEventListener('abort', cancel, { once: true });
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const e = error as grpc.ServiceError;
      const name = grpc.status[e.code] ?? String(e.code);
      if (statusListed(settings.list('errorOnStatus'), e.code, name)) {
        return { kind: 'bpmn-error', errorCode: `GRPC_${name}`, errorMessage: `${shown} answered ${name}: ${e.details ?? ''}`.trim() };
      }
      throw failure(e, name, shown);
    } finally {
      // The shutdown signal outlives every call: leave no listener behind on it.
      signal.removeEventListener('abort', cancel);
      client.close();
    }
    const response = decodeMessage(method.responseType, answer);
    return { kind: 'complete', variables: resultVariables(settings, { response }, response) };
  }

  /** The parsed schema of the latest deployed version of `name`. */
  private async schema(name: string, tenantId: string): Promise<ProtoSchema> {
    const resource = await this.definitions.resource(name, tenantId);
    if (!resource) throw new ConnectorError('INVALID_CONFIGURATION', `Expected a deployed resource '${name}', but none is deployed`);
    let schema = this.schemas.get(resource.resourceKey);
    if (!schema) {
      // Imports are read with the first use of a version of the importing file.
      schema = ProtoSchema.load(name, resource.content, async (imported) => (await this.definitions.resource(imported, tenantId))?.content);
      if (this.schemas.size >= MAX_CACHED_SCHEMAS) this.schemas.clear();
      this.schemas.set(resource.resourceKey, schema);
      void schema.catch(() => this.schemas.delete(resource.resourceKey));
    }
    return schema;
  }
}

function parseAddress(address: string): { host: string; port: number } {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(address.trim());
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) throw new ConnectorError('INVALID_CONFIGURATION', `Expected the address as host:port, but found '${address}'`);
  return { host: m[1]!.replace(/^\[|\]$/g, '').toLowerCase(), port };
}

function metadataOf(entries: Record<string, JsonValue>): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(entries)) {
    if (value === null) continue;
    if (typeof value === 'object' || key.toLowerCase().endsWith('-bin') || !/^[0-9a-z_.-]+$/i.test(key)) {
      throw new ConnectorError('INVALID_CONFIGURATION', `Expected metadata '${key}' to be a text entry, but found ${describe(value)}`);
    }
    metadata.set(key.toLowerCase(), String(value));
  }
  return metadata;
}

function failure(e: grpc.ServiceError, name: string, shown: string): ConnectorError {
  const detail = `${shown} answered ${name}${e.details ? `: ${e.details}` : ''}`;
  if (e.code === grpc.status.DEADLINE_EXCEEDED) return new ConnectorError('TIMEOUT', `Expected an answer within the timeout, but ${detail}`, { cause: e });
  if (e.code === grpc.status.RESOURCE_EXHAUSTED && /larger than max/i.test(e.details ?? '')) {
    return new ConnectorError('RESPONSE_TOO_LARGE', `Expected an answer of at most ${MAX_RESPONSE_BYTES} bytes, but ${detail}`, { cause: e });
  }
  if (e.code === grpc.status.UNAVAILABLE) return new ConnectorError('REQUEST_FAILED', `Expected to reach ${shown}, but it is unavailable: ${e.details ?? ''}`.trim(), { cause: e });
  return new ConnectorError('ERROR_STATUS', `Expected OK, but ${detail}`, { cause: e });
}
