import type { Command } from '../command';
import { CliError } from '../exit-codes';
import { readInt, required } from '../inputs';
import { details, emit, table } from '../output';
import { search } from './search';

interface MigrationReport {
  dryRun: boolean;
  targetProcessDefinitionKey: string;
  total: number;
  migrated: number;
  failed: number;
  failures: { processInstanceKey: string; errors: string[] }[];
}

const usage = 'osprey migrate <processId> --from-version N [--to-version M] [--map SOURCE=TARGET…] [--dry-run]';

/** `--map a=b` as a mapping instruction. */
function mapping(value: string): { sourceElementId: string; targetElementId: string } {
  const [sourceElementId, targetElementId, extra] = value.split('=');
  if (!sourceElementId || !targetElementId || extra !== undefined) throw new CliError(`--map: Expected SOURCE_ELEMENT=TARGET_ELEMENT, but found '${value}'\nUsage: ${usage}`, 2);
  return { sourceElementId, targetElementId };
}

export const migrateCommand: Command = {
  summary: 'migrate the active instances of one process version to another (check first with --dry-run)',
  usage,
  options: {
    'from-version': { type: 'string', help: 'the version whose active instances move' },
    'to-version': { type: 'string', help: 'the version they move to (default: the latest)' },
    map: { type: 'string', multiple: true, help: 'an element mapping SOURCE=TARGET (repeatable); elements with the same id map themselves' },
    'dry-run': { type: 'boolean', help: 'check the plan for every instance, change nothing' },
  },
  async run({ positionals, values, out, client }) {
    const processDefinitionId = required(positionals, 0, 'the process id', usage);
    const from = readInt(values['from-version'] as string | undefined, '--from-version', 1);
    if (from === undefined) required([], 0, '--from-version', usage);
    const to = readInt(values['to-version'] as string | undefined, '--to-version', 1);
    const versions = await search<{ processDefinitionKey: string; version: number }>(client(), '/v2/process-definitions/search', { processDefinitionId, ...(to ? { version: to } : {}) }, 1, 'version');
    const target = versions.items[0];
    if (!target) throw new CliError(`Expected process '${processDefinitionId}'${to ? ` version ${to}` : ''} to be deployed, but it is not`);
    const report = (await client().request<MigrationReport>('POST', '/v2/process-instances/migration', {
      filter: { processDefinitionId, processDefinitionVersion: from },
      targetProcessDefinitionKey: target.processDefinitionKey,
      mappingInstructions: ((values.map as string[] | undefined) ?? []).map(mapping),
      dryRun: values['dry-run'] === true,
    }))!;
    emit(out, report, (r) =>
      [
        details([
          [r.dryRun ? 'dry run' : 'migration', `${processDefinitionId} v${from} → v${target.version} (${r.targetProcessDefinitionKey})`],
          ['instances', r.total],
          [r.dryRun ? 'would migrate' : 'migrated', r.migrated],
          ['failed', r.failed],
        ]),
        ...(r.failures.length > 0
          ? ['', table(r.failures.flatMap((f) => f.errors.map((e) => ({ key: f.processInstanceKey, e }))), [{ heading: 'instance', cell: (f) => f.key }, { heading: 'problem', cell: (f) => f.e }])]
          : []),
      ].join('\n'),
    );
    return report.failed > 0 ? 1 : 0;
  },
};
