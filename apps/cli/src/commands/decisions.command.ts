import type { CommandGroup } from '../command';
import { readVariables, required } from '../inputs';
import { details, emit, table } from '../output';

/** Camunda 8's answer to `POST /v2/decision-definitions/evaluation` (the fields shown). */
interface EvaluatedDecision {
  decisionDefinitionId: string;
  decisionDefinitionKey: string;
  decisionDefinitionVersion: number;
  /** The result as a JSON string. */
  output: string;
  failedDecisionDefinitionId?: string;
  failureMessage?: string;
  evaluatedDecisions?: { decisionDefinitionId: string; output: string }[];
}

export const decisionsCommand: CommandGroup = {
  summary: 'evaluate DMN decisions',
  subcommands: {
    evaluate: {
      summary: 'evaluate a deployed decision (the latest version, or --key) with variables',
      usage: 'osprey decisions evaluate <decisionId> [--vars JSON|@file] [--key DECISION_KEY] [--tenant ID]',
      options: {
        vars: { type: 'string', help: 'the decision’s inputs: a JSON object, or @file.json' },
        key: { type: 'string', help: 'evaluate this decision definition key instead of the latest version of the id' },
        tenant: { type: 'string', help: 'the tenant (multi-tenancy on)' },
      },
      async run({ positionals, values, out, client }) {
        const key = values.key as string | undefined;
        const id = key ? undefined : required(positionals, 0, 'the decision id (or --key)', this.usage);
        const result = (await client().request<EvaluatedDecision>('POST', '/v2/decision-definitions/evaluation', {
          ...(key ? { decisionDefinitionKey: key } : { decisionDefinitionId: id }),
          variables: readVariables(values.vars as string | undefined) ?? {},
          tenantId: values.tenant as string | undefined,
        }))!;
        emit(out, result, (r) =>
          [
            details([
              ['decision', `${r.decisionDefinitionId} v${r.decisionDefinitionVersion}`],
              ['output', r.output],
              ...(r.failureMessage ? ([['failed', `${r.failedDecisionDefinitionId}: ${r.failureMessage}`]] as [string, unknown][]) : []),
            ]),
            ...(r.evaluatedDecisions && r.evaluatedDecisions.length > 1
              ? ['', table(r.evaluatedDecisions, [{ heading: 'evaluated', cell: (d) => d.decisionDefinitionId }, { heading: 'output', cell: (d) => d.output }])]
              : []),
          ].join('\n'),
        );
        return result.failureMessage ? 1 : 0;
      },
    },
  },
};
