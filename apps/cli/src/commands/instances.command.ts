import type { ProcessInstance } from '@osprey/client';
import type { CommandGroup } from '../command';
import { readInt, required } from '../inputs';
import { details, emit, table } from '../output';
import { footer, search } from './search';

interface ElementInstance {
  elementInstanceKey: string;
  elementId: string;
  type: string;
  state: string;
  incidentKey?: string;
}

interface Variable {
  name: string;
  value: string;
  scopeKey: string;
}

export const instancesCommand: CommandGroup = {
  summary: 'list, show and cancel process instances',
  subcommands: {
    list: {
      summary: 'list process instances, newest first',
      usage: 'osprey instances list [--process ID] [--state ACTIVE|COMPLETED|TERMINATED] [--incidents] [--limit N]',
      options: {
        process: { type: 'string', help: 'only instances of this process id' },
        state: { type: 'string', help: 'ACTIVE, COMPLETED or TERMINATED' },
        incidents: { type: 'boolean', help: 'only instances with an open incident' },
        limit: { type: 'string', help: 'at most this many (default 20)' },
      },
      async run({ values, out, client }) {
        const page = await search<ProcessInstance>(
          client(),
          '/v2/process-instances/search',
          { processDefinitionId: values.process, state: (values.state as string | undefined)?.toUpperCase(), hasIncident: values.incidents ? true : undefined },
          readInt(values.limit as string | undefined, '--limit', 1) ?? 20,
          'startDate',
        );
        emit(out, page, (p) =>
          [
            table(p.items, [
              { heading: 'key', cell: (i) => i.processInstanceKey },
              { heading: 'process', cell: (i) => i.processDefinitionId },
              { heading: 'version', cell: (i) => i.processDefinitionVersion },
              { heading: 'state', cell: (i) => i.state },
              { heading: 'incident', cell: (i) => (i.hasIncident ? 'yes' : '') },
              { heading: 'started', cell: (i) => i.startDate },
            ]),
            footer(p, 'instances'),
          ].join('\n'),
        );
      },
    },
    show: {
      summary: 'show one instance: state, active elements, variables',
      usage: 'osprey instances show <processInstanceKey>',
      async run({ positionals, out, client }) {
        const key = required(positionals, 0, 'the process instance key', this.usage);
        const instance = await client().getProcessInstance(key);
        const elements = await search<ElementInstance>(client(), '/v2/element-instances/search', { processInstanceKey: key }, 100);
        const variables = await search<Variable>(client(), '/v2/variables/search', { processInstanceKey: key, scopeKey: key }, 100);
        emit(out, { ...instance, elementInstances: elements.items, variables: variables.items }, () =>
          [
            details([
              ['key', instance.processInstanceKey],
              ['process', `${instance.processDefinitionId} v${instance.processDefinitionVersion}`],
              ['state', instance.state],
              ['incident', instance.hasIncident ? 'yes' : 'no'],
              ['started', instance.startDate],
              ['ended', instance.endDate],
            ]),
            '',
            table(elements.items, [
              { heading: 'element', cell: (e) => e.elementId },
              { heading: 'type', cell: (e) => e.type },
              { heading: 'state', cell: (e) => e.state },
              { heading: 'key', cell: (e) => e.elementInstanceKey },
            ]),
            '',
            table(variables.items, [
              { heading: 'variable', cell: (v) => v.name },
              { heading: 'value', cell: (v) => v.value },
            ]),
          ].join('\n'),
        );
      },
    },
    cancel: {
      summary: 'cancel a running instance',
      usage: 'osprey instances cancel <processInstanceKey>',
      async run({ positionals, out, client }) {
        const key = required(positionals, 0, 'the process instance key', this.usage);
        await client().cancelInstance(key);
        emit(out, { processInstanceKey: key, cancelled: true }, () => `cancelled ${key}`);
      },
    },
  },
};
