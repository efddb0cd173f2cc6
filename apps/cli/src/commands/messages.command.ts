import type { CommandGroup } from '../command';
import { readInt, readVariables, required } from '../inputs';
import { details, emit } from '../output';

export const messagesCommand: CommandGroup = {
  summary: 'publish messages',
  subcommands: {
    publish: {
      summary: 'publish a message to the subscriptions waiting for its name and correlation key',
      usage: 'osprey messages publish <name> [--correlation-key KEY] [--vars JSON|@file] [--ttl MS] [--id MESSAGE_ID] [--tenant ID]',
      options: {
        'correlation-key': { type: 'string', help: 'the correlation key' },
        vars: { type: 'string', help: 'message variables: a JSON object, or @file.json' },
        ttl: { type: 'string', help: 'how long the message waits for a subscription, in ms (default 0)' },
        id: { type: 'string', help: 'message id: a second message with the same id is refused' },
        tenant: { type: 'string', help: 'the tenant (multi-tenancy on)' },
      },
      async run({ positionals, values, out, client }) {
        const name = required(positionals, 0, 'the message name', this.usage);
        const result = await client().publishMessage({
          name,
          correlationKey: (values['correlation-key'] as string | undefined) ?? '',
          variables: readVariables(values.vars as string | undefined),
          timeToLive: readInt(values.ttl as string | undefined, '--ttl'),
          messageId: values.id as string | undefined,
          tenantId: values.tenant as string | undefined,
        });
        emit(out, result, (r) => details([['messageKey', r.messageKey], ['tenant', r.tenantId]]));
      },
    },
  },
};
