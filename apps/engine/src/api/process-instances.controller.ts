import { Controller, HttpException, Inject, Param, Req } from '@nestjs/common';
import { InstanceReadsRepository, searchSpecs, ValidationError, type DefinitionRef, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { CREATE_PROCESS_INSTANCE, SEARCH_PROCESS_INSTANCES, GET_PROCESS_INSTANCE, CANCEL_PROCESS_INSTANCE, type CreateProcessInstanceRequest, type OperationReferenceBody, type SearchRequest } from '@osprey/contracts';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Default and maximum time a start with `awaitCompletion` waits, in ms. */
const AWAIT_DEFAULT_MS = 10_000;
const AWAIT_MAX_MS = 300_000;

/** Process instances: start (optionally awaiting completion), read, search, cancel. */
@Controller()
export class ProcessInstancesController {
  private readonly reads: InstanceReadsRepository;

  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {
    this.reads = new InstanceReadsRepository(engine.db);
  }

  @Route(CREATE_PROCESS_INSTANCE)
  async start(@ContractBody() body: CreateProcessInstanceRequest, @Req() req: unknown) {
    const { processDefinitionId: definitionId, processDefinitionVersion: version, variables = {}, tenantId, operationReference: reference } = body;
    const { awaitCompletion = false, requestTimeout, fetchVariables } = body;
    const definitionKey = body.processDefinitionKey === undefined ? undefined : String(body.processDefinitionKey);
    if (!definitionKey && !definitionId) {
      throw new ValidationError('Invalid request body', ['processDefinitionId: Expected processDefinitionId or processDefinitionKey, but found neither']);
    }
    const definition: DefinitionRef = definitionKey
      ? { processDefinitionKey: definitionKey }
      : { processDefinitionId: definitionId!, processDefinitionVersion: version };
    const started = await this.engine.instances.start({
      definition,
      variables,
      tenantId,
      operationReference: reference === undefined ? undefined : String(reference),
    }, tenantScopeOf(req));
    const result = {
      processDefinitionId: started.processDefinitionId,
      processDefinitionVersion: started.processDefinitionVersion,
      tenantId: started.tenantId,
      processDefinitionKey: started.processDefinitionKey,
      processInstanceKey: started.processInstanceKey,
      // Camunda answers an empty object when it does not wait; strict clients require the field.
      variables: {} as Record<string, unknown>,
    };
    if (!awaitCompletion) return result;
    const timeout = Math.min(requestTimeout || AWAIT_DEFAULT_MS, AWAIT_MAX_MS);
    const state = await this.awaitEnd(started.processInstanceKey, timeout);
    if (state === 'ACTIVE') {
      throw new HttpException(`Expected process instance '${started.processInstanceKey}' to complete within ${timeout} ms, but it is still active`, 504);
    }
    return { ...result, variables: await this.reads.rootVariables(started.processInstanceKey, fetchVariables) };
  }

  private async awaitEnd(key: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = (await this.reads.state(key)) ?? 'ACTIVE';
      if (state !== 'ACTIVE' || Date.now() >= deadline) return state;
      await this.engine.events.wait(`ended:${key}`, Math.min(500, deadline - Date.now()));
    }
  }

  @Route(SEARCH_PROCESS_INSTANCES)
  search(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.processInstances(body, tenantScopeOf(req));
  }

  @Route(GET_PROCESS_INSTANCE)
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.PROCESS_INSTANCE, 'processInstanceKey', key, 'Process instance', tenantScopeOf(req));
  }

  @Route(CANCEL_PROCESS_INSTANCE)
  // The body's operationReference is checked here and kept in the audit entry.
  async cancel(@Param('key') key: string, @ContractBody() _body: OperationReferenceBody, @Req() req: unknown) {
    await this.engine.instances.cancel(key, tenantScopeOf(req));
  }
}
