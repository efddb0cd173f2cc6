/**
 * The decisions one command may evaluate. The interpreter asks synchronously; a binding not
 * loaded yet throws {@link DecisionNotLoaded}, the pipeline loads it in the command's
 * transaction and runs the pure interpreter again (as it does when it runs out of keys). A
 * process without business-rule tasks never pays for a query.
 */
import type { DecisionBindingRequest, DecisionLookup, DeployedDecision } from '@osprey/runtime';
import type { Sql } from '../database';
import type { DecisionRepository } from './decision.repository';

/** Thrown from {@link CommandDecisions.find} for a binding that is not loaded yet. */
export class DecisionNotLoaded extends Error {
  constructor(readonly binding: DecisionBindingRequest) {
    super(`decision '${binding.decisionId}' (${binding.bindingType}) is not loaded`);
    this.name = 'DecisionNotLoaded';
  }
}

export class CommandDecisions implements DecisionLookup {
  private readonly loaded = new Map<string, DeployedDecision | null>();

  constructor(
    private readonly repository: DecisionRepository,
    private readonly tenantId: string,
    /** The deployment of the instance's process definition, for `deployment` bindings. */
    private readonly deploymentKey: () => Promise<string>,
  ) {}

  find(binding: DecisionBindingRequest): DeployedDecision | undefined {
    const found = this.loaded.get(keyOf(binding));
    if (found === undefined) throw new DecisionNotLoaded(binding);
    return found ?? undefined;
  }

  /** Loads what a binding names (or remembers that nothing is deployed under it). */
  async load(binding: DecisionBindingRequest, sql: Sql): Promise<void> {
    const deploymentKey = binding.bindingType === 'deployment' ? await this.deploymentKey() : undefined;
    const row = await this.repository.resolve({ ...binding, ...(deploymentKey ? { deploymentKey } : {}) }, this.tenantId, sql);
    this.loaded.set(keyOf(binding), row ? await this.repository.deployed(row, sql) : null);
  }
}

function keyOf(binding: DecisionBindingRequest): string {
  return `${binding.bindingType}\u0000${binding.decisionId}\u0000${binding.versionTag ?? ''}`;
}
