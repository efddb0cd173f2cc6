import type { Command } from '../command';
import { readInt, readVariables, required } from '../inputs';
import { details, emit } from '../output';

const usage = 'osprey start <processId> [--vars JSON|@file] [--version N] [--await] [--timeout MS] [--tenant ID]';

export const startCommand: Command = {
  summary: 'start a process instance (optionally waiting for it to complete)',
  usage,
  options: {
    vars: { type: 'string', help: 'variables: a JSON object, or @file.json' },
    version: { type: 'string', help: 'the process version (default: the latest)' },
    await: { type: 'boolean', help: 'wait until the instance completes and print its variables' },
    timeout: { type: 'string', help: 'with --await: how long to wait, in ms (default 10000)' },
    tenant: { type: 'string', help: 'the tenant (multi-tenancy on)' },
  },
  async run({ positionals, values, out, client }) {
    const processDefinitionId = required(positionals, 0, 'the process id', usage);
    const awaitCompletion = values.await === true;
    const started = await client().startInstance({
      processDefinitionId,
      processDefinitionVersion: readInt(values.version as string | undefined, '--version', 1),
      variables: readVariables(values.vars as string | undefined),
      tenantId: values.tenant as string | undefined,
      ...(awaitCompletion ? { awaitCompletion, requestTimeout: readInt(values.timeout as string | undefined, '--timeout', 1) ?? 10_000 } : {}),
    });
    emit(out, started, (s) =>
      details([
        ['processInstanceKey', s.processInstanceKey],
        ['process', `${s.processDefinitionId} v${s.processDefinitionVersion}`],
        ...(awaitCompletion ? ([['variables', JSON.stringify(s.variables ?? {})]] as [string, unknown][]) : []),
      ]),
    );
  },
};
