/**
 * How the interpreter finds the decision a business-rule task calls. The host (the store)
 * answers from decisions it loaded for this command; the lookup is synchronous so the
 * interpreter stays pure. A host that has not loaded a binding yet may throw from
 * {@link DecisionLookup.find}, load it, and run the command again, as it does for keys.
 */
import type { DecisionRequirements } from '@osprey/dmn';

/** What `zeebe:calledDecision` asks for, with its decision id evaluated. */
export interface DecisionBindingRequest {
  readonly decisionId: string;
  readonly bindingType: 'latest' | 'deployment' | 'versionTag';
  readonly versionTag?: string;
}

/** A deployed decision version and the compiled file it belongs to. */
export interface DeployedDecision {
  readonly decisionDefinitionKey: string;
  readonly decisionId: string;
  readonly version: number;
  readonly decisionRequirementsKey: string;
  readonly decisionRequirementsId: string;
  readonly tenantId: string;
  /** Keys and versions of every decision of the same file, by decision id (required decisions). */
  readonly siblings: ReadonlyMap<string, { readonly decisionDefinitionKey: string; readonly version: number }>;
  readonly requirements: DecisionRequirements;
}

/** Deployed decisions as seen from one instance (its tenant, its deployment). */
export interface DecisionLookup {
  /** The decision the binding names, or `undefined` when none is deployed. */
  find(binding: DecisionBindingRequest): DeployedDecision | undefined;
}
