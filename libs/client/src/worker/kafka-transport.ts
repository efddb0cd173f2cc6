import { randomUUID } from 'node:crypto';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type EachMessagePayload,
  type IHeaders,
  type LogEntry,
  type Message,
  type Producer,
} from 'kafkajs';
import { OspreyApiError } from '../client/errors';
import type { OspreyClient } from '../client/osprey-client';
import {
  DEFAULT_TOPIC_PREFIX,
  jobTopic,
  parseKafkaJobMessage,
  resultsTopic,
  type KafkaJobMessage,
  type KafkaJobResult,
} from '../shared/kafka-contract';
import type { JsonValue, Variables } from '../shared/variables';
import type { JobChannel, JobOutcome, JobRecord } from './active-job';
import { sleep } from './backoff';
import { JobRunner, type JobRunnerOptions } from './job-runner';
import { callHook } from './metrics-hooks';
import { OffsetCommitter } from './offset-committer';
import { PartitionOffsets } from './partition-offsets';
import { ResultBatcher } from './result-batcher';
import { jobTraceContext } from './job-trace';
import { activeTraceHeaders } from '../shared/trace-headers';
import type { KafkaWorkerOptions, WorkerLogger, WorkerMetrics } from './worker-options';

/** What the Kafka transport needs. */
export interface KafkaTransportOptions {
  readonly kafka: KafkaWorkerOptions;
  readonly type: string;
  readonly concurrency: number;
  readonly fetchVariables?: readonly string[];
  /** Least lease length an extension asks for, in ms (the engine's own lease length when longer). */
  readonly timeoutMs?: number;
  /** Extends leases over REST when given. */
  readonly client?: OspreyClient;
  readonly logger: WorkerLogger;
  readonly metrics: WorkerMetrics;
}

/** Default consumer session: a member silent this long leaves the group (a third of it between heartbeats). */
const DEFAULT_SESSION_TIMEOUT_MS = 10_000;
/** Longest wait between reconnection tries while the brokers are unreachable. */
const RECONNECT_MAX_BACKOFF_MS = 2_000;

/** Wait between tries of an answer Kafka did not take. */
const ANSWER_RETRY_MS = 1_000;

/** How often a message waiting for a free slot heartbeats the group, in ms (well inside the session timeout). */
const SLOT_WAIT_HEARTBEAT_MS = 1_000;

/** A job message as a {@link JobRecord}; only `fetchVariables` reach the handler when given. */
export function fromKafkaJob(
  message: KafkaJobMessage,
  options: { readonly fetchVariables?: readonly string[]; readonly timeoutMs?: number } = {},
  receivedAt = Date.now(),
  headers: IHeaders = {},
): JobRecord {
  const { fetchVariables } = options;
  const variables = fetchVariables
    ? Object.fromEntries(
        fetchVariables.filter((n) => n in message.variables).map((n) => [n, message.variables[n]]),
      )
    : { ...message.variables };
  return {
    key: message.jobKey,
    type: message.type,
    processInstanceKey: message.processInstanceKey,
    processDefinitionId: message.processDefinitionId,
    elementId: message.elementId,
    elementInstanceKey: message.elementInstanceKey,
    attempt: message.attempt,
    variables,
    headers: { ...message.customHeaders },
    retries: message.retries,
    deadline: message.deadline,
    // Only the engine's deadline is known here; a worker clock running behind the engine's
    // shortens the margin lease extension leaves (keep clocks NTP-synchronised).
    leaseEndsAt: message.deadline,
    // The engine chose this lease's length; an extension never asks for less.
    leaseMs: Math.max(options.timeoutMs ?? 0, message.deadline - receivedAt, 1_000),
    receivedAt,
    // The outbox relay sends the creating command's trace as W3C headers (ADR 0006).
    traceContext: jobTraceContext((field) => headers[field]),
  };
}

/** A job's answer as the result message the engine consumes. */
export function toKafkaJobResult(
  job: Pick<JobRecord, 'key' | 'attempt'>,
  outcome: JobOutcome,
  resultId: string = randomUUID(),
): KafkaJobResult {
  const base = { resultId, jobKey: job.key, attempt: job.attempt };
  const vars = (v: Variables | undefined) => v as Record<string, JsonValue> | undefined;
  switch (outcome.kind) {
    case 'complete':
      return { ...base, kind: 'complete', variables: vars(outcome.variables) };
    case 'fail':
      return {
        ...base,
        kind: 'fail',
        retries: outcome.retries,
        retryBackOff: outcome.backoff,
        errorMessage: outcome.message,
      };
    case 'error':
      return {
        ...base,
        kind: 'error',
        errorCode: outcome.code,
        errorMessage: outcome.message,
        variables: vars(outcome.variables),
      };
  }
}

/**
 * Consumes `<prefix>.jobs.<type>` in a consumer group and produces answers to
 * `<prefix>.job-results` with an idempotent producer.
 *
 * Concurrency: `eachMessage` starts the handler and returns at once, so one partition feeds
 * several handlers; at `concurrency` jobs in flight the next message waits for a free slot,
 * heartbeating. Answers are batched: those given while a send is under way leave together in the
 * next one. Offsets are committed by hand, coalesced, and only up to the oldest job whose answer
 * Kafka has not yet acknowledged, so a crash re-delivers unfinished jobs (their results are
 * fenced by attempt) and never skips one.
 */
export class KafkaTransport {
  readonly runner: JobRunner<object, object>;
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly topic: string;
  private readonly results: string;
  private readonly offsets = new Map<number, PartitionOffsets>();
  /** Jobs in flight → where their message sits, to commit past them when they are handed back. */
  private readonly positions = new Map<JobRecord, { partition: number; offset: string }>();
  private readonly committer: OffsetCommitter;
  private readonly answers: ResultBatcher<Message>;
  /** `eachMessage` calls under way, awaited by stop() so none is left half done. */
  private readonly delivering = new Set<Promise<void>>();
  private readonly stopSignal = new AbortController();
  private stopped = false;

  private get stopping(): boolean {
    return this.stopSignal.signal.aborted;
  }

  constructor(
    private readonly options: KafkaTransportOptions,
    runnerOptions: Omit<JobRunnerOptions<object, object>, 'channel'>,
  ) {
    const { kafka: k, type, logger } = options;
    const prefix = k.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
    this.topic = jobTopic(prefix, type);
    this.results = resultsTopic(prefix);
    const kafka = (this.kafka = new Kafka({
      clientId: k.clientId ?? 'osprey-worker',
      brokers: [...k.brokers],
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...fields } = entry.log;
        if (entry.level <= logLevel.ERROR) logger.error({ kafka: entry.namespace, ...fields }, message);
        else logger.warn({ kafka: entry.namespace, ...fields }, message);
      },
    }));
    this.consumer = kafka.consumer({
      groupId: k.groupId ?? `${prefix}.workers.${type}`,
      // A fetch waits up to this long for new jobs. kafkajs' 5 s default would also be how long a
      // paused topic takes to resume and how long stop() waits to leave the group; 500 ms is the
      // Java client's default.
      maxWaitTimeInMs: 500,
      // How long the group coordinator keeps a member that stopped heartbeating. After a broker
      // restart the worker rejoins as a new member, and the rebalance waits for the old one to
      // expire: kafkajs' 30 s default kept jobs unconsumed that long.
      sessionTimeout: k.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT_MS,
      // A member learns of a rebalance from a heartbeat's answer, so at most kafkajs' 3 s apart.
      heartbeatInterval: Math.min(3_000, Math.floor((k.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT_MS) / 3)),
      // Reconnection back-off: kafkajs' default grows to 30 s between tries, so a broker back
      // after an outage could wait that long for the worker to notice.
      retry: { initialRetryTime: 300, maxRetryTime: RECONNECT_MAX_BACKOFF_MS, retries: 8 },
    });
    // Idempotent: a retried send after a lost acknowledgement is written once.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.answers = new ResultBatcher((messages) => this.producer.send({ topic: this.results, messages }).then(() => undefined));
    this.committer = new OffsetCommitter((offsets) =>
      this.consumer.commitOffsets(offsets.map((o) => ({ topic: this.topic, ...o }))).catch((error: unknown) => {
        // After a rebalance the partition may belong to another member: the commit is refused and
        // that member re-reads from the last committed offset.
        this.options.logger.debug({ offsets, err: error }, 'offset commit refused');
      }),
    );
    this.runner = new JobRunner({ ...runnerOptions, channel: this.channel() });
  }

  private channel(): JobChannel {
    const client = this.options.client;
    return {
      settle: (job, outcome) =>
        this.sendAnswer(job, {
          key: job.processInstanceKey,
          value: JSON.stringify(toKafkaJobResult(job, outcome)),
          // Taken in the job's span: the engine's command joins the worker's trace.
          headers: activeTraceHeaders(),
        }),
      extend: client
        ? (job, timeoutMs) => client.updateJob(job.key, { timeout: timeoutMs }, { attempt: job.attempt })
        : undefined,
      // kafkajs has already retried a failed send; the REST extension is retried by the lease keeper.
      isTransient: () => false,
      isLeaseLost: (error) => error instanceof OspreyApiError && error.leaseLost,
    };
  }

  /**
   * Sends one answer, batched with the other jobs' answers. Resolves once Kafka acknowledged it:
   * only then is the job done and its offset committable. While the brokers are unreachable
   * (kafkajs has already retried) it tries again each second until the job's lease ends; past
   * that the engine takes the job back and dispatches it again, so committing past it loses
   * nothing. Same result id each time, and the engine fences by attempt.
   */
  private async sendAnswer(job: JobRecord, message: Message): Promise<void> {
    for (;;) {
      try {
        return await this.answers.add(message);
      } catch (error) {
        if (this.stopped || Date.now() + ANSWER_RETRY_MS >= job.leaseEndsAt) throw error;
        this.options.logger.warn({ jobKey: job.key, attempt: job.attempt, err: error }, 'could not send the answer; trying again');
        await sleep(ANSWER_RETRY_MS);
      }
    }
  }

  /** Connects, joins the consumer group and starts consuming. @throws when the brokers cannot be reached */
  async start(): Promise<void> {
    const { kafka, logger, metrics } = this.options;
    await this.producer.connect();
    await this.consumer.connect();
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      logger.error(
        { jobType: this.options.type, err: event.payload.error, restart: event.payload.restart },
        'job consumer crashed',
      );
      callHook(metrics, (m) => m.onError?.(event.payload.error));
    });
    // start() resolves once the group has assigned partitions, and fails when the consumer
    // crashes for good before that (kafkajs restarts it after errors it can retry).
    const joined = new Promise<void>((resolve, reject) => {
      const offJoin = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        offJoin();
        offCrash();
        resolve();
      });
      const offCrash = this.consumer.on(this.consumer.events.CRASH, (event) => {
        if (event.payload.restart) return;
        offJoin();
        offCrash();
        reject(event.payload.error);
      });
    });
    await this.ensureTopics();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: kafka.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: (payload) => {
        const delivery = this.onMessage(payload).finally(() => this.delivering.delete(delivery));
        this.delivering.add(delivery);
        return delivery;
      },
    });
    await joined;
    logger.info({ jobType: this.options.type, topic: this.topic }, 'consuming jobs');
  }

  /**
   * Creates the job topic and the results topic when they do not exist yet (with the broker's
   * defaults, as the engine's first job would), so a worker deployed before the first job of its
   * type starts instead of failing to subscribe. Where the worker may not create topics, it says
   * so and subscribes anyway.
   */
  private async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: this.topic }, { topic: this.results }], waitForLeaders: true });
    } catch (error) {
      this.options.logger.warn({ jobType: this.options.type, topic: this.topic, err: error }, 'could not create the job topics; subscribing anyway');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async onMessage(payload: EachMessagePayload): Promise<void> {
    const { partition, message } = payload;
    const { logger, concurrency, type, metrics } = this.options;
    this.tracker(partition).begin(message.offset);
    let record: JobRecord;
    try {
      record = fromKafkaJob(parseKafkaJobMessage(message.value), this.options, Date.now(), message.headers);
    } catch (error) {
      logger.error(
        { jobType: type, partition, offset: message.offset, err: error },
        'skipping a job message that breaks the contract',
      );
      callHook(metrics, (m) => m.onError?.(error));
      this.finish(partition, message.offset);
      return;
    }
    if (record.deadline <= Date.now()) {
      // The engine has taken the job back (or will); an answer would be refused.
      logger.info(
        { jobKey: record.key, attempt: record.attempt, partition, offset: message.offset },
        'skipping a job whose lease ended before it arrived',
      );
      this.finish(partition, message.offset);
      return;
    }
    // A full worker holds this message until a job finishes, heartbeating meanwhile. kafkajs hands
    // over the next message only after this one returns, so nothing more is taken. (Pausing the
    // topic instead made kafkajs drop the rest of each fetched batch and fetch it again: one
    // fetch round trip per `concurrency` jobs.)
    while (this.runner.inFlight >= concurrency && !this.stopping) {
      const wait = new AbortController();
      const stop = this.stopSignal.signal;
      await Promise.race([
        this.runner.waitForSlot(AbortSignal.any([wait.signal, stop])),
        sleep(SLOT_WAIT_HEARTBEAT_MS, AbortSignal.any([wait.signal, stop])),
      ]);
      wait.abort();
      await payload.heartbeat().catch(() => undefined);
    }
    if (this.stopping) {
      await this.runner.handBackUnstarted(record);
      this.finish(partition, message.offset);
      return;
    }
    this.positions.set(record, { partition, offset: message.offset });
    void this.runner.run(record).then(() => {
      if (!this.positions.delete(record)) return;
      this.finish(partition, message.offset);
    });
  }

  private tracker(partition: number): PartitionOffsets {
    let t = this.offsets.get(partition);
    if (!t) this.offsets.set(partition, (t = new PartitionOffsets()));
    return t;
  }

  private finish(partition: number, offset: string): void {
    if (this.stopped) return;
    const next = this.tracker(partition).finish(offset);
    if (next !== undefined) this.committer.set(partition, next);
  }

  private pause(): void {
    this.consumer.pause([{ topic: this.topic }]);
  }

  /**
   * Stops fetching, waits up to `drainMs` for running handlers, hands the rest back (committing
   * past them so their messages are not re-delivered), then leaves the group.
   */
  async stop(drainMs: number): Promise<void> {
    this.stopSignal.abort();
    this.pause();
    if (!(await this.runner.drain(drainMs))) {
      await this.runner.handBackAll();
      for (const [record, at] of [...this.positions]) {
        this.positions.delete(record);
        this.finish(at.partition, at.offset);
      }
    }
    await Promise.all([...this.delivering]);
    await this.committer.flush();
    this.stopped = true;
    await this.consumer
      .disconnect()
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'could not leave the consumer group cleanly'),
      );
    await this.producer.disconnect().catch(() => undefined);
  }
}
