import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConflictError, NotFoundError, type ActivatedJob, type OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import { Lifecycle } from '../lifecycle';
import { ConnectorError, type Connector, type ConnectorOutcome } from './connector';
import { GrpcConnector } from './grpc/grpc.connector';
import { HttpConnector } from './http/http.connector';
import { OutboundGuard } from './outbound/outbound-guard';

/** Lease of a connector job: the longest call (60 s) plus time to report it, with room to spare. */
const LEASE_MS = 90_000;
/** One activation long-poll; shutdown cuts it short. */
const POLL_MS = 10_000;
/** Pause after an activation failed (database unreachable), before trying again. */
const POLL_ERROR_PAUSE_MS = 1_000;
/** Back-off after a transient failure when the model declares no retry policy of its own. */
const DEFAULT_BACKOFF_MS = 1_000;
/** The model's own back-off header; when present, its policy decides. */
const MODEL_BACKOFF_HEADER = 'osprey:retryBackoff';
/** The worker name connector leases show. */
export const CONNECTOR_WORKER = 'osprey-connectors';

/**
 * The executor role's built-in job workers: activates jobs of the connector types in process —
 * the same leased activation REST workers use — runs at most `OSPREY_CONNECTOR_CONCURRENCY`
 * of each type at once, and reports each with the attempt it was activated with:
 *
 * - completed with the mapped variables, or a BPMN error the model can catch;
 * - a transient failure (unreachable, timeout, error status) counts the job's retries down,
 *   with a back-off; a failure a retry cannot fix (settings, FEEL, a refused host) takes the
 *   retries to 0 at once, so the incident says what to fix.
 *
 * On shutdown, long-polls stop, running calls get until the drain deadline, and whatever is
 * still running is interrupted and handed back (its retries untouched) for another replica.
 */
@Injectable()
export class ConnectorRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly connectors: readonly Connector[];
  private readonly polls = new AbortController();
  private readonly calls = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly running = new Set<Promise<void>>();
  /** Settles when shutdown begins, so a loop waiting for a free slot stops waiting. */
  private readonly shutdown = new Promise<void>((resolve) => this.polls.signal.addEventListener('abort', () => resolve(), { once: true }));

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
  ) {
    const guard = new OutboundGuard(config.connectors);
    this.connectors = [new HttpConnector(guard), new GrpcConnector(guard, engine.definitions)];
  }

  onApplicationBootstrap(): void {
    if (!this.config.roles.has('executor') || !this.config.connectors.enabled) return;
    for (const connector of this.connectors) {
      this.loops.push(this.poll(connector).catch((error: unknown) => this.logger.error({ err: error, type: connector.type }, 'connector loop stopped')));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.polls.abort();
    await Promise.all(this.loops);
    // The lifecycle drain already gave running calls their time; interrupt what is left.
    this.calls.abort(new Error('the engine is shutting down'));
    await Promise.allSettled([...this.running]);
  }

  private get stopping(): boolean {
    return this.lifecycle.stopping || this.polls.signal.aborted;
  }

  private async poll(connector: Connector): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopping) {
      const free = this.config.connectors.concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race([...inFlight, this.shutdown]);
        continue;
      }
      let jobs: ActivatedJob[];
      try {
        jobs = await this.engine.jobs.activate(
          { type: connector.type, worker: CONNECTOR_WORKER, timeout: LEASE_MS, maxJobsToActivate: free, requestTimeout: POLL_MS },
          this.polls.signal,
        );
      } catch (error) {
        if (this.stopping) break;
        this.logger.warn({ err: error, type: connector.type }, 'connector job activation failed; retrying');
        await pause(POLL_ERROR_PAUSE_MS, this.polls.signal);
        continue;
      }
      for (const job of jobs) {
        // Activated while shutting down: give it straight back rather than start a call.
        if (this.stopping) {
          await this.handBack(job);
          continue;
        }
        const run = this.lifecycle.track(this.run(connector, job));
        inFlight.add(run);
        this.running.add(run);
        void run.finally(() => {
          inFlight.delete(run);
          this.running.delete(run);
        });
      }
    }
  }

  private async run(connector: Connector, job: ActivatedJob): Promise<void> {
    let outcome: ConnectorOutcome;
    try {
      outcome = await connector.execute(job, this.calls.signal);
    } catch (error) {
      if (this.calls.signal.aborted) return this.handBack(job);
      return this.report(job, 'fail', () => this.engine.jobs.fail(job.jobKey, this.failure(job, error), { attempt: job.attempt }));
    }
    const done = outcome;
    if (done.kind === 'complete') {
      return this.report(job, 'complete', () => this.engine.jobs.complete(job.jobKey, done.variables, { attempt: job.attempt }));
    }
    const { errorCode, errorMessage, variables } = done;
    return this.report(job, 'throw an error for', () => this.engine.jobs.throwError(job.jobKey, { errorCode, errorMessage, variables }, { attempt: job.attempt }));
  }

  /** The failure report for an error: retried when transient, an incident (retries 0) when not. */
  private failure(job: ActivatedJob, error: unknown): { retries: number; errorMessage: string; retryBackOff?: number } {
    if (error instanceof ConnectorError && !error.transient) return { retries: 0, errorMessage: error.message };
    if (!(error instanceof ConnectorError)) {
      this.logger.error({ err: error, jobKey: job.jobKey, type: job.type }, 'connector failed unexpectedly');
    }
    const message = error instanceof ConnectorError ? error.message : `The ${job.type} connector failed unexpectedly: ${(error as Error)?.message}`;
    const retryBackOff = job.customHeaders[MODEL_BACKOFF_HEADER] === undefined ? DEFAULT_BACKOFF_MS : undefined;
    return { retries: Math.max(0, job.retries - 1), errorMessage: message, retryBackOff };
  }

  /** Returns a job untouched (same retries, no back-off) so another replica takes it at once. */
  private async handBack(job: ActivatedJob): Promise<void> {
    await this.report(job, 'hand back', () =>
      this.engine.jobs.fail(job.jobKey, { retries: job.retries, errorMessage: 'Handed back: the engine shut down during the call', retryBackOff: 0 }, { attempt: job.attempt }),
    );
  }

  private async report(job: ActivatedJob, what: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      // The job moved on without us (instance canceled, lease superseded): nothing to do.
      if (error instanceof ConflictError || error instanceof NotFoundError) {
        this.logger.debug({ jobKey: job.jobKey, reason: error.message }, `connector could not ${what} its job`);
        return;
      }
      this.logger.warn({ err: error, jobKey: job.jobKey }, `connector could not ${what} its job; it runs again when its lease ends`);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
