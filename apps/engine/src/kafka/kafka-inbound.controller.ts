import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RpcException, type KafkaContext } from '@nestjs/microservices';
import { InboundRecords, inConsumerSpan, type InboundOutcome } from '@osprey/kafka';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import { ENGINE, LOGGER } from '../engine.tokens';

/** The `@EventPattern`s of the inbound topics; `KafkaInboundServer` maps `<prefix>.…` topics to them. */
export const INBOUND_PATTERNS = { results: 'osprey.job-results', messages: 'osprey.messages' } as const;

/**
 * The engine's inbound Kafka consumers as Nest event handlers: job results and inbound messages.
 * Each handler resolves only after the record's database transaction committed (the transport
 * then commits its offset) and throws when the record must be delivered again.
 */
@Controller()
export class KafkaInboundController {
  private readonly records: InboundRecords;
  private readonly log: Logger;

  constructor(@Inject(ENGINE) engine: OspreyEngine, @Inject(LOGGER) logger: Logger) {
    this.records = new InboundRecords(engine);
    this.log = logger.child({ component: 'kafka' });
  }

  /** A worker's job result (`<prefix>.job-results`). */
  @EventPattern(INBOUND_PATTERNS.results)
  jobResult(@Payload() value: Buffer | null, @Ctx() context: KafkaContext): Promise<void> {
    return this.apply(context, () => this.records.applyResult(text(value)));
  }

  /** A message to correlate (`<prefix>.messages`); without a `messageId`, its offset is its id. */
  @EventPattern(INBOUND_PATTERNS.messages)
  message(@Payload() value: Buffer | null, @Ctx() context: KafkaContext): Promise<void> {
    const id = `${context.getTopic()}/${context.getPartition()}/${context.getMessage().offset}`;
    return this.apply(context, () => this.records.publishMessage(text(value), id));
  }

  private async apply(context: KafkaContext, work: () => Promise<InboundOutcome>): Promise<void> {
    const topic = context.getTopic();
    const partition = context.getPartition();
    const offset = context.getMessage().offset;
    try {
      // The command a record sets off joins the trace its producer sent along (a worker's span).
      const outcome = await inConsumerSpan(topic, context.getMessage().headers, { 'messaging.destination.partition.id': String(partition) }, work);
      if (outcome.kind === 'skipped') this.log.warn({ topic, partition, offset, reason: outcome.reason }, 'skipped a Kafka record that can never be applied');
      else if (outcome.kind === 'result') this.log.debug({ outcome: outcome.outcome, jobKey: outcome.result.jobKey, resultId: outcome.result.resultId }, 'job result');
      else this.log.debug({ outcome: outcome.outcome, id: outcome.id }, 'inbound message');
    } catch (error) {
      // Nest's RPC filter would log only "Internal server error": say here what failed, and why.
      this.log.warn({ err: error, topic, partition, offset }, 'could not apply a Kafka record; its partition pauses and it will be delivered again');
      throw new RpcException({ status: 'error', message: (error as Error).message });
    }
  }
}

function text(value: Buffer | null): string {
  return value?.toString('utf8') ?? '';
}
