import type { CommandGroup } from '../command';
import { readInt, required } from '../inputs';
import { emit, table } from '../output';
import { footer, search } from './search';

interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  elementId: string;
  errorType: string;
  errorMessage: string;
  state: string;
  creationTime: string;
  jobKey?: string;
}

export const incidentsCommand: CommandGroup = {
  summary: 'list and resolve incidents',
  subcommands: {
    list: {
      summary: 'list incidents (open ones unless --state says otherwise), newest first',
      usage: 'osprey incidents list [--process ID] [--instance KEY] [--state ACTIVE|RESOLVED] [--limit N]',
      options: {
        process: { type: 'string', help: 'only incidents of this process id' },
        instance: { type: 'string', help: 'only incidents of this process instance' },
        state: { type: 'string', help: 'ACTIVE (default) or RESOLVED' },
        limit: { type: 'string', help: 'at most this many (default 20)' },
      },
      async run({ values, out, client }) {
        const page = await search<Incident>(
          client(),
          '/v2/incidents/search',
          { processDefinitionId: values.process, processInstanceKey: values.instance, state: ((values.state as string | undefined) ?? 'ACTIVE').toUpperCase() },
          readInt(values.limit as string | undefined, '--limit', 1) ?? 20,
          'creationTime',
        );
        emit(out, page, (p) =>
          [
            table(p.items, [
              { heading: 'key', cell: (i) => i.incidentKey },
              { heading: 'instance', cell: (i) => i.processInstanceKey },
              { heading: 'process', cell: (i) => i.processDefinitionId },
              { heading: 'element', cell: (i) => i.elementId },
              { heading: 'type', cell: (i) => i.errorType },
              { heading: 'message', cell: (i) => i.errorMessage },
            ]),
            footer(p, 'incidents'),
          ].join('\n'),
        );
      },
    },
    resolve: {
      summary: 'resolve an incident: the failed step is retried (a job incident makes its job activatable again)',
      usage: 'osprey incidents resolve <incidentKey>',
      async run({ positionals, out, client }) {
        const key = required(positionals, 0, 'the incident key', this.usage);
        await client().request('POST', `/v2/incidents/${encodeURIComponent(key)}/resolution`, {});
        emit(out, { incidentKey: key, resolved: true }, () => `resolved ${key}`);
      },
    },
  },
};
