import { HttpException, Inject, Injectable } from '@nestjs/common';
import { searchSpecs, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import type { AuthenticatedRequest, Principal, TaskVisibility } from './principal';
import type { ResourceCheck } from './route-rights';
import { tenantScopeOf } from './tenants';

/** A refusal: the principal is known but may not do this. `reason` is safe to log. */
export class Forbidden extends HttpException {
  constructor(readonly reason: string) {
    super(reason, 403);
  }
}

interface TaskParties {
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
}

/** A request as the checks see it: path parameters, parsed JSON body, and what the guard attaches. */
export type CheckedRequest = AuthenticatedRequest & { params?: unknown; body?: unknown };

/**
 * The per-resource half of authorization: narrows a route's right to the processes, job types
 * and user tasks the principal may touch. Looks the resource up only when the principal is
 * narrowed, so unrestricted callers pay nothing — and only within the request's tenants, so a
 * resource of another tenant is a 404, never a 403 that would tell it exists.
 */
@Injectable()
export class ResourceChecks {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  /** @throws Forbidden when the resource is out of the principal's reach; NotFoundError when it does not exist */
  async enforce(check: ResourceCheck, who: Principal, req: CheckedRequest): Promise<void> {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const key = String((req.params as Record<string, unknown> | undefined)?.key ?? '');
    switch (check) {
      case 'process':
        return this.process(who, body, req);
      case 'job-type':
        if (who.jobTypes && typeof body.type === 'string' && !who.jobTypes.includes(body.type)) {
          throw new Forbidden(`Expected a job type that '${who.id}' may work (${who.jobTypes.join(', ')}), but found '${body.type}'`);
        }
        return;
      case 'job':
        return this.job(who, key, req);
      case 'job-update':
        if (who.rights.has('operate')) return;
        // A worker extends its lease (Camunda's job timeout update); giving retries back is an
        // operator's decision, as the fail command already lets the worker set the next count.
        if (isRecord(body.changeset) && body.changeset.retries !== undefined && body.changeset.retries !== null) {
          throw new Forbidden(`Expected only changeset.timeout from '${who.id}', which may work jobs but not operate, but found changeset.retries`);
        }
        return this.job(who, key, req);
      case 'task-search':
        if (!who.rights.has('read')) req.taskVisibility = visibility(who);
        return;
      case 'task-read':
        if (!who.rights.has('read')) await this.task(who, key, req);
        return;
      case 'task-work':
        if (who.rights.has('operate')) return;
        await this.task(who, key, req);
        if (typeof body.assignee === 'string' && body.assignee !== who.id) {
          throw new Forbidden(`Expected '${who.id}' to assign task '${key}' to themselves, but found assignee '${body.assignee}'`);
        }
        return;
    }
  }

  private async process(who: Principal, body: Record<string, unknown>, req: CheckedRequest): Promise<void> {
    if (!who.processes) return;
    let id = typeof body.processDefinitionId === 'string' ? body.processDefinitionId : undefined;
    if (id === undefined && typeof body.processDefinitionKey === 'string') {
      const definition = await this.engine.search.one<{ processDefinitionId: string }>(
        searchSpecs.PROCESS_DEFINITION,
        'processDefinitionKey',
        body.processDefinitionKey,
        'Process definition',
        tenantScopeOf(req),
      );
      id = definition.processDefinitionId;
    }
    // Neither given: the controller refuses the body as invalid.
    if (id !== undefined && !who.processes.includes(id)) {
      throw new Forbidden(`Expected a process that '${who.id}' may start (${who.processes.join(', ')}), but found '${id}'`);
    }
  }

  private async job(who: Principal, key: string, req: CheckedRequest): Promise<void> {
    if (!who.jobTypes) return;
    const job = await this.engine.search.one<{ type: string }>(searchSpecs.JOB, 'jobKey', key, 'Job', tenantScopeOf(req));
    if (!who.jobTypes.includes(job.type)) {
      throw new Forbidden(`Expected a job of a type that '${who.id}' may work (${who.jobTypes.join(', ')}), but job '${key}' is of type '${job.type}'`);
    }
  }

  private async task(who: Principal, key: string, req: CheckedRequest): Promise<void> {
    const task = await this.engine.search.one<TaskParties>(searchSpecs.USER_TASK, 'userTaskKey', key, 'User task', tenantScopeOf(req));
    const groups = new Set(who.groups);
    const visible = task.assignee === who.id || (task.candidateUsers ?? []).includes(who.id) || (task.candidateGroups ?? []).some((g) => groups.has(g));
    if (!visible) throw new Forbidden(`Expected a user task that '${who.id}' is assignee or candidate user of, or offered to one of their groups, but task '${key}' is neither`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function visibility(who: Principal): TaskVisibility {
  return { user: who.id, groups: [...who.groups] };
}
