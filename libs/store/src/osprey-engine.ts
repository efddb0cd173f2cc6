import { Database, type DatabaseTarget } from './database';
import { DefinitionRepository } from './definitions/definition.repository';
import { KeyAllocator } from './keys';
import { SearchRepository } from './search/search.repository';
import { CommandPipeline } from './commands/command-pipeline';
import { ContinuationService } from './commands/continuation.service';
import { DeploymentService } from './commands/deployment.service';
import { EngineEvents } from './commands/engine-events';
import { IncidentService } from './commands/incident.service';
import { InstanceService } from './commands/instance.service';
import { JobService } from './commands/job.service';
import { MessageService } from './commands/message.service';
import { SignalService } from './commands/signal.service';
import { TimerService } from './commands/timer.service';
import { UserTaskService } from './commands/user-task.service';
import { HistoryMaintenance } from './commands/history-maintenance';
import { KafkaJobService } from './commands/kafka-jobs.service';
import { MigrationService } from './commands/migration.service';
import { ModificationService } from './commands/modification.service';
import { ReplicaWakeups } from './commands/replica-wakeups';
import type { OutboxPolicy } from './instances/outbox';
import { setFeelLimits, type FeelLimits } from '@osprey/bpmn';
import { VariableLimits, type VariableLimitOptions } from './commands/variable-limits';
import { DecisionEvaluationService } from './decisions/decision-evaluation.service';

/** Limits on what requests and models may hold (docs/security.md). Unset fields keep their defaults. */
export interface EngineLimits {
  readonly variables?: Partial<VariableLimitOptions>;
  /** Process-wide: FEEL is validated at deployment and evaluated under the same limits. */
  readonly feel?: Partial<FeelLimits>;
  /** Steps one transaction runs before the rest continues in another (ADR 0009). @default 100 */
  readonly maxStepsPerTransaction?: number;
  /** Call activities deep an instance may be called; deeper is a CALLED_ELEMENT_ERROR incident. @default 1000 */
  readonly maxCallDepth?: number;
  /** Job answers, or starts, that arrive together and share one transaction at most (ADR 0034); 1 runs each alone. @default 16 */
  readonly commandGroup?: number;
}

/**
 * Everything the engine does, wired together and free of any web framework: the NestJS app
 * exposes it over HTTP, tests drive it directly.
 *
 * @example
 * const engine = await OspreyEngine.open({ kind: 'server', url: process.env.DATABASE_URL! });
 * await engine.deployments.deploy([{ name: 'order.bpmn', content: xml }]);
 * const started = await engine.instances.start({ definition: { processDefinitionId: 'order' } });
 */
export class OspreyEngine {
  readonly keys: KeyAllocator;
  readonly events = new EngineEvents();
  readonly definitions: DefinitionRepository;
  readonly pipeline: CommandPipeline;
  readonly instances: InstanceService;
  readonly jobs: JobService;
  readonly userTasks: UserTaskService;
  readonly messages: MessageService;
  readonly signals: SignalService;
  readonly incidents: IncidentService;
  readonly timers: TimerService;
  readonly deployments: DeploymentService;
  readonly search: SearchRepository;
  readonly history: HistoryMaintenance;
  readonly modifications: ModificationService;
  readonly migrations: MigrationService;
  readonly continuations: ContinuationService;
  /** Direct decision evaluation and decision instance reads. */
  readonly decisionEvaluations: DecisionEvaluationService;
  /** Set by {@link enableKafka}. */
  kafkaJobs?: KafkaJobService;
  /** Set by {@link announceToReplicas}. */
  replicaWakeups?: ReplicaWakeups;

  constructor(readonly db: Database) {
    this.keys = new KeyAllocator(db);
    this.definitions = new DefinitionRepository(db, this.keys);
    this.pipeline = new CommandPipeline(this.keys, this.definitions);
    this.instances = new InstanceService(db, this.definitions, this.pipeline, this.events);
    this.jobs = new JobService(db, this.pipeline, this.events);
    this.userTasks = new UserTaskService(db, this.pipeline, this.events);
    this.messages = new MessageService(db, this.keys, this.definitions, this.pipeline, this.instances, this.events);
    this.signals = new SignalService(db, this.keys, this.definitions, this.pipeline, this.instances, this.events);
    this.incidents = new IncidentService(db, this.pipeline, this.events);
    this.timers = new TimerService(db, this.keys, this.definitions, this.pipeline, this.instances, this.events);
    this.deployments = new DeploymentService(db, this.keys, this.definitions, this.pipeline, this.timers);
    this.search = new SearchRepository(db);
    this.history = new HistoryMaintenance(db);
    this.modifications = new ModificationService(db, this.pipeline, this.events);
    this.migrations = new MigrationService(db, this.definitions, this.pipeline, this.events);
    this.continuations = new ContinuationService(db, this.pipeline, this.events);
    this.decisionEvaluations = new DecisionEvaluationService(db, this.keys, this.definitions.decisions, this.search);
  }

  /** Connects, migrates and prepares history partitions. */
  static async open(target: DatabaseTarget, options: { migrate?: boolean; limits?: EngineLimits } = {}): Promise<OspreyEngine> {
    const db = await Database.connect(target);
    try {
      if (options.migrate ?? true) await db.migrate();
      const engine = new OspreyEngine(db);
      if (options.limits) engine.setLimits(options.limits);
      await engine.history.ensurePartitions();
      return engine;
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  /** Applies size limits from now on: variables for this engine, FEEL for the whole process. */
  setLimits(limits: EngineLimits): void {
    this.pipeline.variableLimits = new VariableLimits({ ...this.pipeline.variableLimits.options, ...limits.variables });
    if (limits.feel) setFeelLimits(limits.feel);
    if (limits.maxStepsPerTransaction !== undefined) this.pipeline.maxSteps = limits.maxStepsPerTransaction;
    if (limits.maxCallDepth !== undefined) this.pipeline.maxCallDepth = limits.maxCallDepth;
    if (limits.commandGroup !== undefined) {
      this.jobs.maxAnswerGroup = limits.commandGroup;
      this.instances.maxStartGroup = limits.commandGroup;
    }
  }

  /**
   * The transactions that job answers and starts queued for a group (ADR 0034) will take: like
   * commands waiting for a pooled connection, each waits for the database, and load shedding
   * counts them.
   */
  queuedTransactions(): number {
    return this.jobs.answersWaiting.transactions + this.instances.startsWaiting.transactions;
  }

  /** Routes jobs and events through the Kafka outbox from now on. */
  enableKafka(policy: OutboxPolicy): void {
    this.pipeline.setOutboxPolicy(policy);
    this.kafkaJobs = new KafkaJobService(this.db, this.jobs, this.events, policy);
  }

  /**
   * From now on, tells the other replicas after commit which job types got activatable jobs
   * (NOTIFY `osprey_jobs`, so their long-polls wake at once) and that Kafka outbox rows were
   * written (NOTIFY `osprey_outbox`, so the relay publishes at once wherever it leads). A no-op
   * on the embedded database, which has one process. Idempotent.
   */
  announceToReplicas(onError?: (error: unknown) => void): void {
    if (this.replicaWakeups || this.db.target.kind !== 'server') return;
    const wakeups = new ReplicaWakeups(this.db.target.url, onError);
    this.events.onJobTypes((types) => wakeups.announce(types));
    this.events.onOutbox(() => wakeups.announceOutbox());
    this.replicaWakeups = wakeups;
  }

  /** Closes the database. */
  async close(): Promise<void> {
    await this.replicaWakeups?.close();
    await this.db.close();
  }
}
