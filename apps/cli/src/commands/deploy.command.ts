import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from '../command';
import { collectFiles } from '../inputs';
import { emit, table } from '../output';

/** What one deployed resource became, flattened from the deployment answer. */
interface DeployedRow {
  readonly kind: string;
  readonly id: string;
  readonly version: number;
  readonly key: string;
  readonly resourceName: string;
}

/** The deployment answer's `deployments[]` entries (process definitions, decisions, forms) as rows. */
function rows(deployments: readonly Record<string, Record<string, unknown>>[]): DeployedRow[] {
  const entries = deployments.flatMap((entry) => Object.entries(entry));
  // A decision names no resource in Camunda's answer: its file is its requirements graph's.
  const requirementsFiles = new Map(
    entries.filter(([kind]) => kind === 'decisionRequirements').map(([, d]) => [String(d.decisionRequirementsKey), String(d.resourceName ?? '')]),
  );
  return entries.map(([kind, d]) => ({
    kind,
    id: String(d.processDefinitionId ?? d.decisionDefinitionId ?? d.decisionRequirementsId ?? d.formId ?? ''),
    version: Number(d.processDefinitionVersion ?? d.version ?? d.decisionRequirementsVersion ?? 0),
    key: String(d.processDefinitionKey ?? d.decisionDefinitionKey ?? d.decisionRequirementsKey ?? d.formKey ?? ''),
    resourceName: String(d.resourceName ?? requirementsFiles.get(String(d.decisionRequirementsKey)) ?? ''),
  }));
}

export const deployCommand: Command = {
  summary: 'deploy BPMN, DMN and form files (folders are walked) as one deployment',
  usage: 'osprey deploy <files|folders…> [--tenant ID]',
  options: { tenant: { type: 'string', help: 'the tenant to deploy to (multi-tenancy on)' } },
  async run({ positionals, values, out, client }) {
    const files = collectFiles(positionals, ['.bpmn', '.dmn', '.form']);
    const resources = await Promise.all(files.map(async (file) => ({ name: basename(file), content: await readFile(file) })));
    const result = await client().deploy(resources, { tenantId: values.tenant as string | undefined });
    const deployed = rows(result.deployments as unknown as Record<string, Record<string, unknown>>[]);
    emit(out, result, () =>
      [
        `deployment ${result.deploymentKey} (tenant ${result.tenantId}): ${files.length} file${files.length === 1 ? '' : 's'}`,
        table(deployed, [
          { heading: 'resource', cell: (r) => r.resourceName },
          { heading: 'kind', cell: (r) => r.kind },
          { heading: 'id', cell: (r) => r.id },
          { heading: 'version', cell: (r) => r.version },
          { heading: 'key', cell: (r) => r.key },
        ]),
      ].join('\n'),
    );
  },
};
