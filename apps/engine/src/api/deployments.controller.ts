import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PayloadTooLargeError, ValidationError, type DeploymentResource, type OspreyEngine } from '@osprey/store';
import { DEPLOY_RESOURCES } from '@osprey/contracts';
import { Route } from './contract-route';
import { CONFIG, ENGINE } from '../engine.tokens';
import type { EngineConfig } from '../config/engine-config';
import { tenantScopeOf } from '../auth/tenants';

/** Largest resource accepted in a deployment (hostile-input limit). */
export const MAX_RESOURCE_BYTES = 10 * 1024 * 1024;

/** `POST /v2/deployments` — multipart `resources` (.bpmn, .dmn, .form, .proto), optional `tenantId`. */
@Controller()
export class DeploymentsController {
  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  @Route(DEPLOY_RESOURCES)
  async deploy(@Req() req: FastifyRequest) {
    if (!req.isMultipart()) {
      throw new ValidationError('Invalid deployment', ['Expected a multipart/form-data body with one or more "resources" files']);
    }
    const resources: DeploymentResource[] = [];
    let tenantId: string | undefined;
    // Multipart bodies bypass the JSON body limit: without a total, 100 files of 10 MB each would
    // all be held in memory.
    const maxTotal = this.config.limits.maxDeploymentBytes;
    let total = 0;
    for await (const part of multipartParts(req)) {
      if (part.type === 'file') {
        const content = await part.toBuffer().catch((error: { code?: string }) => {
          // The multipart parser stops at the limit with its own 413; answer like any invalid resource.
          if (error?.code === 'FST_REQ_FILE_TOO_LARGE') {
            throw new ValidationError('Invalid deployment', [`${part.filename}: Expected at most 10 MB, but the resource is larger`]);
          }
          throw error;
        });
        if (part.file.truncated || content.length > MAX_RESOURCE_BYTES) {
          throw new ValidationError('Invalid deployment', [`${part.filename}: Expected at most 10 MB, but the resource is larger`]);
        }
        total += content.length;
        if (total > maxTotal) {
          throw new PayloadTooLargeError(`Expected a deployment of at most ${maxTotal} bytes in all, but its resources are larger`);
        }
        resources.push({ name: part.filename || 'resource.bpmn', content });
      } else if (part.fieldname === 'tenantId' && typeof part.value === 'string' && part.value) {
        tenantId = part.value;
      }
    }
    const result = await this.engine.deployments.deploy(resources, tenantId, tenantScopeOf(req));
    return {
      deploymentKey: result.deploymentKey,
      tenantId: result.tenantId,
      deployments: [
        ...result.processes.map(({ definition: d }) => ({
          processDefinition: {
            processDefinitionId: d.bpmnProcessId,
            processDefinitionVersion: d.version,
            resourceName: d.resourceName,
            tenantId: d.tenantId,
            processDefinitionKey: d.key,
          },
        })),
        ...result.decisions.flatMap(({ requirements: r, decisions }) => [
          ...decisions.map((d) => ({
            decisionDefinition: {
              decisionDefinitionId: d.decisionDefinitionId,
              version: d.version,
              name: d.name,
              tenantId: d.tenantId,
              decisionRequirementsId: d.decisionRequirementsId,
              decisionDefinitionKey: d.decisionDefinitionKey,
              decisionRequirementsKey: d.decisionRequirementsKey,
            },
          })),
          {
            decisionRequirements: {
              decisionRequirementsId: r.decisionRequirementsId,
              decisionRequirementsName: r.decisionRequirementsName,
              version: r.version,
              resourceName: r.resourceName,
              tenantId: r.tenantId,
              decisionRequirementsKey: r.decisionRequirementsKey,
            },
          },
        ]),
        ...result.forms.map((f) => ({
          form: { formId: f.formId, version: f.version, resourceName: f.resourceName, tenantId: f.tenantId, formKey: f.formKey },
        })),
        ...result.resources.map((r) => ({
          resource: { resourceId: r.resourceName, resourceKey: r.resourceKey, resourceName: r.resourceName, version: r.version, tenantId: r.tenantId },
        })),
      ],
      // Osprey addition: what was odd but harmless, such as a diagram shape naming a missing element.
      ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
    };
  }
}

/**
 * The parts of a multipart body. A body the parser cannot read at all (no boundary, broken
 * framing) is the caller's error: a 400 naming the parser's complaint, not a 500.
 */
async function* multipartParts(req: FastifyRequest) {
  const parts = req.parts({ limits: { fileSize: MAX_RESOURCE_BYTES + 1, files: 100, fields: 10 } });
  for (;;) {
    let next: IteratorResult<Awaited<ReturnType<typeof parts.next>>['value']>;
    try {
      next = await parts.next();
    } catch (error) {
      if (error instanceof ValidationError || typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
      throw new ValidationError('Invalid deployment', [`Expected a readable multipart/form-data body, but ${(error as Error).message}`]);
    }
    if (next.done) return;
    yield next.value;
  }
}
